"""What kind of file an upload is, told from its bytes, and the formats Bipin reads.

Offices send what their software saves: WPS often saves .xls, LibreOffice .ods,
and a file is renamed or keeps a wrong name after a mail client or a chat app
has passed it on. So the name never decides how a file is read: a zip archive
is an .xlsx or an .ods by the parts it holds, an OLE2 compound file with a
Workbook stream is an .xls, and text is CSV (or YAML for a scheme). A PDF, a
photo, a Word file or a password-protected workbook is refused with its name
and the formats Bipin reads, never handed to a reader that would answer with
"YAML 格式错误" or a column of blanks.
"""

from __future__ import annotations

import enum
import io
import zipfile
from pathlib import Path

from bipin.io.problems import ImportFailed, Problem

__all__ = ["SCHEME_ACCEPT", "TABLE_ACCEPT", "Format", "UnreadableFile", "read_file", "refuse_format",
           "sniff"]


class UnreadableFile(ImportFailed):
    """The file is missing or in a format Bipin cannot read: nothing of it may be kept.

    Unlike a scheme with mistakes, which is kept as a version with its problems,
    such a file is not a scheme at all.
    """


class Format(enum.Enum):
    XLSX = "xlsx"  # also .xlsm: the same parts, macros are never run
    XLS = "xls"
    ODS = "ods"
    TEXT = "text"


SPREADSHEETS = (Format.XLSX, Format.XLS, Format.ODS)
# The file picker's filter (the input's accept=), for every table import and for schemes.
TABLE_ACCEPT = ".xlsx,.xlsm,.xls,.ods,.csv,.txt"
SCHEME_ACCEPT = ".yaml,.yml,.xlsx,.xlsm,.xls,.ods"
TABLE_FORMATS_ZH = "Excel(.xlsx、.xlsm、.xls)、WPS 表格、LibreOffice(.ods)或 CSV 文本(UTF-8 或 GBK)"
TABLE_FORMATS_EN = "Excel (.xlsx, .xlsm, .xls), WPS, LibreOffice (.ods) or CSV text (UTF-8 or GBK)"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# What a refused file most likely is, for the message: (magic bytes, name).
_KNOWN_BINARY = (
    (b"%PDF", "PDF"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG", "PNG"),
    (b"GIF8", "GIF"),
    (b"RIFF", "WebP"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"{\\rtf", "RTF"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def refuse_format(filename: str, what_zh: str, what_en: str) -> UnreadableFile:
    """The refusal of a file Bipin cannot read, naming the formats it can."""
    return UnreadableFile([Problem(
        f"无法读取:{what_zh}。Bipin 可读取 {TABLE_FORMATS_ZH};考评方案还可为 YAML 文本",
        f"cannot read this file: {what_en}. Bipin reads {TABLE_FORMATS_EN}; a scheme may also "
        "be YAML text",
        file=filename)])


def _small_part(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """A part read only when it declares itself small (zipfile inflates no further)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return b""
    return archive.read(info) if info.file_size <= limit else b""


def _zip_kind(data: bytes, filename: str) -> Format:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = _small_part(archive, "mimetype", 1024).strip()
            types = _small_part(archive, "[Content_Types].xml", 1 << 20)
    except (zipfile.BadZipFile, ValueError, OSError, RuntimeError, NotImplementedError,
            EOFError) as exc:
        raise refuse_format(filename, f"压缩包已损坏({exc.__class__.__name__})",
                            f"a broken zip archive ({exc.__class__.__name__})") from None
    if mimetype == _ODS_MIMETYPE:
        return Format.ODS
    if b"sheet.binary" in types:
        raise refuse_format(filename, "这是 Excel 二进制工作簿(.xlsb);请另存为 .xlsx",
                            "it is an Excel binary workbook (.xlsb); save it as .xlsx")
    # Parts under xl/ without content types: a damaged workbook, which the XLSX
    # reader checks (sizes first) and names as such.
    if b"spreadsheetml" in types or (not types and any(n.startswith("xl/") for n in names)):
        return Format.XLSX
    if b"wordprocessingml" in types or mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        raise refuse_format(filename, "这是文字处理文档(Word/WPS 文字),不是表格",
                            "it is a word-processing document, not a spreadsheet")
    if b"presentationml" in types:
        raise refuse_format(filename, "这是演示文稿,不是表格", "it is a presentation, not a spreadsheet")
    raise refuse_format(filename, "这是压缩包,不是表格", "it is a zip archive, not a spreadsheet")


def _ole_kind(data: bytes, filename: str) -> Format:
    import olefile

    try:
        # olefile takes bytes shorter than a sector for a file name: always a file object.
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir()}
    except (OSError, ValueError, IndexError, TypeError) as exc:
        raise refuse_format(filename, f"Office 文件已损坏({exc.__class__.__name__})",
                            f"a broken Office file ({exc.__class__.__name__})") from None
    if streams & {"workbook", "book"}:
        return Format.XLS
    if "encryptedpackage" in streams:
        raise refuse_format(filename, "文件设有打开密码;请在 Excel/WPS 中去掉密码后另存",
                            "it is password-protected; remove the password in Excel or WPS and save it again")
    if "worddocument" in streams:
        raise refuse_format(filename, "这是 Word 文档,不是表格", "it is a Word document, not a spreadsheet")
    raise refuse_format(filename, "这是 Office 文件,但不是表格", "it is an Office file but not a spreadsheet")


def sniff(data: bytes, filename: str) -> Format:
    """The file's format from its first bytes; :class:`ImportFailed` if Bipin cannot read it.

    >>> sniff("名称,数量\\n甲,3\\n".encode("gbk"), "a.xlsx")
    <Format.TEXT: 'text'>
    >>> try:
    ...     sniff(b"%PDF-1.7", "data.xlsx")
    ... except ImportFailed as exc:
    ...     exc.problems[0].message_en[:44]
    'cannot read this file: it is a PDF file, not'
    """
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data, filename)
    if data.startswith(_OLE2):
        return _ole_kind(data, filename)
    for magic, name in _KNOWN_BINARY:
        if data.startswith(magic):
            raise refuse_format(filename, f"这是 {name} 文件,不是表格", f"it is a {name} file, not a spreadsheet")
    if data.startswith(_UTF16_BOMS):
        raise refuse_format(filename, "文本为 UTF-16 编码(Excel 的“Unicode 文本”);请另存为“CSV UTF-8”",
                            "the text is UTF-16 (Excel's 'Unicode text'); save it as 'CSV UTF-8'")
    if b"\x00" in data[:8192]:
        raise refuse_format(filename, "这是二进制文件,不是表格或文本", "it is a binary file, not a table or text")
    return Format.TEXT


def read_file(path: str | Path) -> bytes:
    """A file's bytes, or :class:`ImportFailed` saying it is missing or unreadable."""
    path = Path(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile([Problem("找不到文件", "no such file", file=str(path))]) from None
    except IsADirectoryError:
        raise UnreadableFile([Problem("这是文件夹,不是文件", "it is a folder, not a file",
                                    file=str(path))]) from None
    except OSError as exc:
        raise UnreadableFile([Problem(f"无法读取文件({exc.strerror or exc})",
                                    f"cannot read the file ({exc.strerror or exc})",
                                    file=str(path))]) from None
