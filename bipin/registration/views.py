"""报名与收样 pages: the public register and status pages, and the organizer's desk."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bipin.accounts import throttle
from bipin.contests.uploads import import_upload, pop_problems
from bipin.downloads import download
from bipin.judging.refs import naming
from bipin.judging.views import show_problems
from bipin.registration import access, coding, exports, imports, measures, services
from bipin.registration.forms import MeasureForm, ReceiptForm, RegisterForm, WindowForm
from bipin.registration.models import Measure, Registration, Status, Window
from bipin.registration.pdf import key_pdf, labels_pdf

# Each registration counts for the address, on this page alone: the form is not
# a way to flood the list, and a 合作社 registering a village's samples from one
# Wi-Fi gets thirty first. A failed status look-up counts apart, as strictly as
# any code a public page takes (throttle.PAGE).
THROTTLE_KEY = "registration:public"
STATUS_KEY = "registration:status"
REGISTRATIONS = throttle.Limit("registrations", free=30, first_wait=datetime.timedelta(minutes=1),
                               longest_wait=datetime.timedelta(minutes=15))


def _waiting(request, key: str = THROTTLE_KEY, limit: throttle.Limit = REGISTRATIONS) -> int:
    return throttle.wait(key, throttle.client_address(request), page=limit)


def _counted(request, key: str = THROTTLE_KEY, limit: throttle.Limit = REGISTRATIONS) -> None:
    throttle.failed(key, throttle.client_address(request), page=limit)


@require_http_methods(["GET", "POST"])
def register(request, slug: str):
    window = access.public_window(slug)
    contest = window.contest
    form = RegisterForm(request.POST or None, request.FILES or None, contest=contest)
    context = {"contest": contest, "window": window, "open": window.is_open(), "form": form}
    if request.method == "POST":
        if seconds := _waiting(request):
            context["wait"] = seconds
            return render(request, "registration/register.html", context, status=429)
        if form.is_valid():
            _counted(request)
            try:
                reg = services.register(contest, _entry(form), form.cleaned_data["photos"])
            except services.JudgingError as exc:
                context["problems"] = exc.problems
            else:
                return render(request, "registration/registered.html",
                              {"contest": contest, "reg": reg})
    return render(request, "registration/register.html", context)


def _entry(form) -> services.Entry:
    d = form.cleaned_data
    return services.Entry(producer=d["producer"], contact=d["contact"], phone=d["phone"],
                          group=d["group"], variety=d["variety"], origin=d["origin"], area=d["area"])


@require_GET
def status(request, slug: str):
    """One registration's status, for whoever holds its receipt code."""
    window = access.public_window(slug)
    form = ReceiptForm(request.GET or None)
    context = {"contest": window.contest, "form": form, "reg": None,
               "typed": request.GET.get("receipt", "")[:40]}
    if form.is_valid():
        if seconds := _waiting(request, STATUS_KEY, throttle.PAGE):
            context["wait"] = seconds
            return render(request, "registration/status.html", context, status=429)
        context["reg"] = access.by_receipt(window.contest, form.cleaned_data["receipt"])
        if context["reg"] is None:
            _counted(request, STATUS_KEY, throttle.PAGE)
    return render(request, "registration/status.html", context)


@login_required
@require_GET
def listing(request, slug: str):
    contest = access.organizing(request.user, slug)
    window = Window.objects.filter(contest=contest).first()
    found = Registration.objects.filter(contest=contest).select_related("group").order_by("number")
    counts = {s: found.filter(status=s).count() for s in Status.values}
    return render(request, "registration/list.html", {
        "contest": contest, "window": window, "registrations": found, "counts": counts,
        "statuses": Status, "problems": pop_problems(request),
        "window_form": WindowForm(initial={
            "opens_at": timezone.localtime(window.opens_at), "closes_at": timezone.localtime(window.closes_at),
            "per_producer": window.per_producer} if window else None),
        "measure_form": MeasureForm(), "measures": Measure.objects.filter(contest=contest),
        "scored": measures.scored(contest), "coded": found.filter(entrant__isnull=False).count(),
        "sealed": naming(contest).hidden})


@login_required
@require_POST
def set_window(request, slug: str):
    contest = access.organizing(request.user, slug)
    form = WindowForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("报名设置未保存:请填写开始、截止时间和样品数。 / "
                                  "Not saved: give the opening and closing times and the number."))
        return redirect("registration:list", slug=slug)
    d = form.cleaned_data
    try:
        services.set_window(request.user, contest, d["opens_at"], d["closes_at"], d["per_producer"])
    except services.JudgingError as exc:
        show_problems(request, exc)
    else:
        messages.success(request, _("报名设置已保存。"))
    return redirect("registration:list", slug=slug)


@login_required
@require_POST
def import_file(request, slug: str):
    contest = access.organizing(request.user, slug)
    import_upload(
        request,
        lambda upload: len(imports.import_registrations(request.user, contest, upload.data,
                                                        upload.name, upload.sheet)),
        _("已导入 %(n)s 条报名。"),
        _("文件有误,未导入任何报名。 / The file has problems; nothing was imported."))
    return redirect("registration:list", slug=slug)


@login_required
@require_GET
def export(request, slug: str):
    contest = access.organizing(request.user, slug)
    return download(exports.registrations_book(contest),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    f"{contest.name}-报名名单.xlsx", fallback="registrations.xlsx")


@login_required
@require_GET
def receiving(request, slug: str):
    """收样 at the venue: find a sample by its number or producer, then receive or send it back."""
    contest = access.organizing(request.user, slug)
    q = request.GET.get("q", "").strip()[:100]
    found = Registration.objects.filter(contest=contest).select_related("group")
    if q:
        number = q.lstrip("0")
        match = Q(producer__icontains=q) | Q(contact__icontains=q)
        if number.isascii() and number.isdigit() and len(number) < 9:
            match |= Q(number=int(number))
        found = found.filter(match)
    else:
        found = found.filter(status=Status.REGISTERED)
    return render(request, "registration/receiving.html", {
        "contest": contest, "q": q, "found": found.order_by("number")[:50],
        "waiting": Registration.objects.filter(contest=contest, status=Status.REGISTERED).count()})


def _back(request, slug: str, pk: int):
    """Back to the receiving page (with its search) or to the sample's own page."""
    if request.POST.get("back") != "receiving":
        return redirect("registration:sample", slug=slug, pk=pk)
    url = reverse("registration:receiving", args=[slug])
    q = request.POST.get("q", "").strip()[:100]
    return redirect(f"{url}?{urlencode({'q': q})}" if q else url)


@login_required
@require_POST
def receive(request, slug: str, pk: int):
    contest = access.organizing(request.user, slug)
    reg = access.registration(contest, pk)
    try:
        services.receive(request.user, reg)
    except services.JudgingError as exc:
        show_problems(request, exc)
    else:
        messages.success(request, _("%(n)s 号样品已收样。") % {"n": reg.label})
    return _back(request, slug, pk)


@login_required
@require_POST
def reject(request, slug: str, pk: int):
    contest = access.organizing(request.user, slug)
    reg = access.registration(contest, pk)
    try:
        services.reject(request.user, reg, request.POST.get("reason", "")[:1000])
    except services.JudgingError as exc:
        show_problems(request, exc)
    else:
        messages.success(request, _("%(n)s 号样品已退样。") % {"n": reg.label})
    return _back(request, slug, pk)


@login_required
@require_http_methods(["GET", "POST"])
def sample(request, slug: str, pk: int):
    """One registration: what the producer sent, its photos, its check-in and its measurements."""
    contest = access.organizing(request.user, slug)
    reg = access.registration(contest, pk)
    defined = list(Measure.objects.filter(contest=contest))
    if request.method == "POST":
        typed = {m: request.POST.get(f"m-{m.pk}", "")[:40] for m in defined}
        try:
            saved = measures.record_measurements(request.user, reg, typed)
        except services.JudgingError as exc:
            show_problems(request, exc)
        else:
            messages.success(request, ngettext("已保存 %(n)s 项客观指标。", "已保存 %(n)s 项客观指标。",
                                               len(saved)) % {"n": len(saved)})
        return redirect("registration:sample", slug=slug, pk=pk)
    values = {m.measure_id: m for m in reg.measurements.select_related("entered_by")}
    return render(request, "registration/sample.html", {
        "contest": contest, "reg": reg, "photos": reg.photos.all(),
        "rows": [(m, values.get(m.pk)) for m in defined], "scored": measures.scored(contest)})


@login_required
@require_POST
def add_measure(request, slug: str):
    contest = access.organizing(request.user, slug)
    form = MeasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("客观指标未添加:请填写名称、最小值、最大值和小数位数。 / "
                                  "Not added: give the name, lowest and highest values and decimals."))
        return redirect("registration:list", slug=slug)
    d = form.cleaned_data
    try:
        measures.add_measure(request.user, contest, d["name"], d["unit"], d["low"], d["high"],
                             d["decimals"])
    except services.JudgingError as exc:
        show_problems(request, exc)
    else:
        messages.success(request, _("已添加客观指标“%(name)s”。") % {"name": d["name"]})
    return redirect("registration:list", slug=slug)


@login_required
@require_POST
def codes(request, slug: str):
    contest = access.organizing(request.user, slug)
    try:
        n = coding.generate_codes(request.user, contest)
    except services.JudgingError as exc:
        show_problems(request, exc)
    else:
        messages.success(request, _("已为 %(n)s 个收样样品生成盲评编号;请打印标签和密封对应表。")
                         % {"n": n})
    return redirect("registration:list", slug=slug)


@login_required
@require_GET
def labels(request, slug: str):
    contest = access.organizing(request.user, slug)
    copies = request.GET.get("copies", "1")
    copies = int(copies) if copies in {"1", "2", "3", "4", "5", "6"} else 1
    rows = [(code, group) for code, group, _reg in coding.key_rows(contest)]
    return download(labels_pdf(contest, rows, copies), "application/pdf",
                    f"{contest.name}-样品标签.pdf", fallback="labels.pdf")


@login_required
@require_GET
def key(request, slug: str):
    """The sealed key sheet: the organizer's alone, whether or not the key is released."""
    contest = access.organizing(request.user, slug)
    printed = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    return download(key_pdf(contest, coding.key_rows(contest), printed), "application/pdf",
                    f"{contest.name}-盲评编号对应表.pdf", fallback="key.pdf")
