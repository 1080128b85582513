"""The fictional sample bank (示例题库) for the demo and examples/exam.

Every question is invented sample content on generic topics, written to show
each question type; none quotes a real policy document.
"""

from __future__ import annotations

from decimal import Decimal

from bipin.io.question_bank import Difficulty, Question, QuestionType

S, M, TF, FILL, SHORT = (
    QuestionType.SINGLE,
    QuestionType.MULTIPLE,
    QuestionType.TRUE_FALSE,
    QuestionType.FILL,
    QuestionType.SHORT,
)
E, MID, H = Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD


def _q(qtype, stem, options, answer, explanation, points, topic, difficulty) -> Question:
    return Question(
        qtype=qtype,
        stem=f"(示例){stem}",
        options=tuple(options),
        answer=tuple(answer),
        explanation=explanation,
        points=Decimal(points),
        topic=topic,
        difficulty=difficulty,
    )


SAMPLE_QUESTIONS: list[Question] = [
    _q(
        S,
        "示例方案中,监测对象的信息核查多久开展一次?",
        ["每月", "每季度", "每半年", "每年"],
        "B",
        "示例设定:每季度核查一次。",
        "2",
        "监测帮扶",
        E,
    ),
    _q(
        S,
        "示例方案规定,发现风险后应在几个工作日内完成入户核实?",
        ["3个", "7个", "15个", "30个"],
        "C",
        "示例设定为15个工作日。",
        "2",
        "监测帮扶",
        MID,
    ),
    _q(
        S,
        "示例方案中,产业帮扶项目的绩效评价由谁牵头?",
        ["项目所在村", "县级主管部门", "施工单位", "受益农户"],
        "B",
        "示例设定由县级主管部门牵头。",
        "2",
        "产业帮扶",
        MID,
    ),
    _q(
        S,
        "示例方案中,农村供水工程水质检测的最低频次是?",
        ["每月一次", "每季度一次", "每半年一次", "每年一次"],
        "B",
        "示例设定为每季度至少一次。",
        "2",
        "饮水安全",
        E,
    ),
    _q(
        S,
        "示例方案中,就业帮扶车间的认定以哪项为主要依据?",
        ["厂房面积", "吸纳本地劳动力人数", "注册资本", "成立年限"],
        "B",
        "示例设定以吸纳本地劳动力为主要依据。",
        "2",
        "就业帮扶",
        MID,
    ),
    _q(
        S,
        "示例方案中,住房安全动态排查发现的C级危房应如何处理?",
        ["继续观察", "纳入改造或保障", "仅作记录", "由农户自行处理"],
        "B",
        "示例设定:C、D级危房均纳入改造或保障。",
        "2",
        "住房安全",
        E,
    ),
    _q(
        S,
        "示例方案中,义务教育阶段控辍保学的责任主体是?",
        ["学校和乡镇", "仅学生家庭", "仅教育局", "村民小组"],
        "A",
        "示例设定为学校和乡镇共同负责。",
        "2",
        "教育保障",
        H,
    ),
    _q(
        M,
        "示例方案中,下列哪些属于监测预警的信息来源?",
        ["农户自主申报", "干部走访排查", "部门数据比对", "网络传言"],
        "ABC",
        "示例设定:申报、排查、比对三种来源;传言不是信息来源。",
        "3",
        "监测帮扶",
        MID,
    ),
    _q(
        M,
        "示例方案中,产业帮扶资金可用于下列哪些用途?",
        ["种养殖补助", "技术培训", "发放办公福利", "冷链仓储设施"],
        "ABD",
        "示例设定:不得用于办公福利。",
        "3",
        "产业帮扶",
        MID,
    ),
    _q(
        M,
        "示例方案中,农村供水“四有”要求包括哪些?",
        ["有水源保护", "有管护主体", "有管护经费", "有广告牌"],
        "ABC",
        "示例设定的前三项;广告牌不属于要求。",
        "3",
        "饮水安全",
        H,
    ),
    _q(
        M,
        "示例方案中,就业帮扶可以采取下列哪些方式?",
        ["公益性岗位", "劳务协作", "职业技能培训", "强制外出务工"],
        "ABC",
        "示例设定:尊重群众意愿,不得强制。",
        "3",
        "就业帮扶",
        E,
    ),
    _q(
        M,
        "示例方案中,医疗保障“三重保障”指哪几项?",
        ["基本医保", "大病保险", "医疗救助", "商业彩票"],
        "ABC",
        "示例设定的三重保障。",
        "3",
        "医疗保障",
        MID,
    ),
    _q(
        TF,
        "示例方案中,监测对象消除风险后即可立即标注,无需核实。",
        [],
        ["false"],
        "示例设定:须经核实后标注。",
        "1",
        "监测帮扶",
        E,
    ),
    _q(
        TF,
        "示例方案中,帮扶项目资产应明确产权归属和管护责任。",
        [],
        ["true"],
        "示例设定如此。",
        "1",
        "产业帮扶",
        E,
    ),
    _q(
        TF,
        "示例方案中,农村供水工程只需建设,无需后期管护。",
        [],
        ["false"],
        "示例设定:建管并重。",
        "1",
        "饮水安全",
        E,
    ),
    _q(
        TF,
        "示例方案中,公益性岗位应优先安置有劳动能力的监测对象。",
        [],
        ["true"],
        "示例设定如此。",
        "1",
        "就业帮扶",
        MID,
    ),
    _q(
        TF,
        "示例方案中,学生资助资金可以由学校统一挪作他用。",
        [],
        ["false"],
        "示例设定:专款专用。",
        "1",
        "教育保障",
        E,
    ),
    _q(
        FILL,
        "示例方案把住房安全等级分为A、B、C、____四级。",
        [],
        ["D", "D级"],
        "示例设定四个等级。",
        "2",
        "住房安全",
        E,
    ),
    _q(
        FILL,
        "示例方案中,监测对象分为脱贫不稳定户、边缘易致贫户和____户三类。",
        [],
        ["突发严重困难"],
        "示例设定三类对象。",
        "2",
        "监测帮扶",
        MID,
    ),
    _q(
        FILL,
        "示例方案中,帮扶车间吸纳本地劳动力不少于____人方可认定。",
        [],
        ["10", "十"],
        "示例设定为10人。",
        "2",
        "就业帮扶",
        H,
    ),
    _q(
        FILL,
        "示例方案中,集中供水工程的水质检测结果应在____内公示。",
        [],
        ["村务公开栏", "公开栏"],
        "示例设定在村务公开栏公示。",
        "2",
        "饮水安全",
        H,
    ),
    _q(
        SHORT,
        "请结合示例材料,简述做好监测帮扶工作的三个关键环节。",
        [],
        ["及时发现、精准帮扶、动态清零。"],
        "要点:发现、帮扶、清零,每点约三分之一分值。",
        "6",
        "监测帮扶",
        H,
    ),
    _q(
        SHORT,
        "请简述示例方案中帮扶项目资产管理的主要要求。",
        [],
        ["明晰产权、落实管护、规范收益分配。"],
        "要点:产权、管护、收益分配。",
        "6",
        "产业帮扶",
        H,
    ),
    _q(
        SHORT,
        "请简述示例方案中提高农村供水保障水平的主要措施。",
        [],
        ["水源保护、工程改造、长效管护。"],
        "要点:水源、工程、管护。",
        "6",
        "饮水安全",
        MID,
    ),
]


if __name__ == "__main__":  # python -m bipin.exams.sample_bank regenerates examples/exam
    from pathlib import Path

    from bipin.io.question_bank import write_bank

    target = Path(__file__).resolve().parents[2] / "examples" / "exam" / "question_bank.xlsx"
    target.write_bytes(write_bank(SAMPLE_QUESTIONS))
    print(target)
