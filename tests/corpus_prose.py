"""The prose of the six sections of a generated report (test helper, not part of ogi).

Sentences are drawn from pools of templates with numbers, topics and platforms filled in, so two generated
reports share little text by chance: the 雷同 a corpus test must find is only the text the generator copies on
purpose (recorded in the manifest), not template boilerplate. The application count stated in 一 equals
table 三's 一、本年新收 总计, as a correct report's does (domain.md §1.6 identity 9).
"""

from __future__ import annotations

import random

from ogi.model.report import SectionKey

__all__ = ["section_texts"]

TOPICS = ("重大建设项目", "财政预决算", "乡村振兴", "义务教育", "医疗卫生", "社会保障", "促进就业", "生态环境保护",
          "安全生产", "食品药品监管", "公共文化服务", "住房保障", "营商环境", "减税降费", "疫情防控", "防汛救灾",
          "城市更新", "养老服务", "科技创新", "招商引资", "农田水利", "交通出行", "市场监管", "行政执法")
PLATFORMS = ("门户网站", "政务微信公众号", "政务微博", "政务服务移动端", "政府信息公开专栏", "政务公开查阅点",
             "新闻发布会", "融媒体中心", "政务服务大厅公开栏")
MEASURES = ("政策解读", "图文解读", "视频解读", "一图读懂", "在线访谈", "专家解读", "新闻发布会", "简明问答")
_SUB = ("（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障")

_INTRO = (
    "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "围绕{t1}、{t2}等重点工作，持续深化政务公开。",
    "{year}年，{agency}在上级政务公开主管部门的指导下，把政务公开作为转变作风、提升治理能力的重要抓手，{t1}领域公开质量稳步提升。",
    "本年度，{agency}紧扣{t1}和{t2}工作大局，健全公开制度，规范公开流程，政府信息公开工作取得新进展。",
    "今年以来，{agency}按照“公开为常态、不公开为例外”的原则，将{t1}信息公开纳入年度重点任务，明确专人负责。",
    "{agency}高度重视政府信息公开工作，{year}年召开专题会议{n1}次，研究部署{t1}、{t2}、{t3}等领域的公开任务。",
    "{year}年度，{agency}以群众关切为导向，聚焦{t1}等民生热点，推动公开内容更加全面、公开方式更加便民。",
)
_PROACTIVE = (
    "全年通过{p1}主动公开政府信息{n2}条，其中{t1}类信息{n3}条。",
    "本年度在{p1}发布各类信息{n2}条，更新{t2}专题{n4}个，及时回应社会关切。",
    "围绕{t1}开展{m1}{n4}次，通过{p1}和{p2}同步推送，阅读量累计{n5}余次。",
    "全年主动公开文件{n3}件，制发{m1}材料{n4}篇，实现文件与解读同步起草、同步审签、同步发布。",
    "在{p1}开设“{t1}”栏目，集中公开相关政策{n3}项，做到应公开尽公开。",
    "共发布{t2}相关信息{n3}条、{m1}{n4}篇，公开时效明显提高。",
)
_APPLY = (
    "全年共收到政府信息公开申请{new}件，均在法定期限内办结答复。",
    "本年度受理政府信息公开申请{new}件，严格按照条例规定的期限和程序办理。",
    "{year}年共收到依申请公开件{new}件，办理过程中加强与申请人沟通，答复规范率达到百分之百。",
    "全年新收政府信息公开申请{new}件，建立“收文登记、审核、答复、归档”全流程台账。",
    "本年度依申请公开件数为{new}件，对每件申请均做到一事一档。",
)
_MANAGE = (
    "严格落实公开前保密审查制度，全年审查拟公开信息{n3}条，未发生泄密事件。",
    "对{n6}年以前制发的规范性文件开展全面清理，动态更新政策文件库。",
    "健全政府信息公开属性源头认定机制，公文办理单中明确公开属性，全年认定{n3}件。",
    "组织开展政府信息管理专项检查{n1}次，及时更正过时信息和错误链接{n4}处。",
    "完善政府信息公开目录，按照{t1}、{t2}等类别编排，方便群众查阅。",
)
_PLATFORM = (
    "持续优化{p1}栏目设置，新增{t1}专栏，全年网站访问量{n5}人次。",
    "加强{p1}和{p2}的统筹管理，做到内容同源、发布同步。",
    "完成{p1}集约化改版，实现政策文件分类检索和智能问答。",
    "依托{p1}设置意见征集栏目，全年开展意见征集{n1}次，收到意见建议{n4}条。",
    "在{p2}设置政府信息公开查阅点，全年接待查阅群众{n4}人次。",
)
_SUPERVISE = (
    "将政务公开纳入年度目标考核，组织业务培训{n1}次，参训人员{n4}人次。",
    "主动接受社会监督，聘请政务公开社会监督员{n1}名，本年度未发生责任追究情况。",
    "建立政务公开工作月调度机制，对发现的问题限期整改，全年未因政府信息公开工作受到责任追究。",
    "开展政务公开自查{n1}次，形成问题清单并逐项整改到位。",
    "通过{p1}公开监督电话和电子邮箱，畅通群众监督渠道。",
)
_TABLE_INTRO = {
    SectionKey.PROACTIVE: ("本年度主动公开政府信息情况详见下表。", "{year}年主动公开政府信息情况如下。",
                           "主动公开规章、规范性文件及行政许可、行政处罚等情况如下表所示。"),
    SectionKey.APPLICATIONS: ("收到和处理政府信息公开申请情况详见下表。", "{year}年收到和处理政府信息公开申请情况统计如下。",
                              "本机关收到和处理政府信息公开申请的具体情况如下表。"),
    SectionKey.REVIEW_LITIGATION: ("本年度政府信息公开行政复议、行政诉讼情况如下。",
                                   "{year}年因政府信息公开工作被申请行政复议、提起行政诉讼的情况统计如下表。",
                                   "政府信息公开行政复议、行政诉讼情况详见下表。"),
}
_PROBLEMS = (
    "一是{t1}领域信息公开的深度和广度还需拓展；二是{m1}形式不够丰富，群众获取政策的便捷性有待提高。",
    "{year}年工作中还存在一些不足：{t1}等重点领域信息更新不够及时，部分栏目内容较少。",
    "主要问题是基层政务公开工作人员业务能力参差不齐，{t2}信息公开的规范化程度不够高。",
    "存在的问题：一是主动公开的主动性不够强；二是{p1}互动回应功能发挥不充分；三是{m1}针对性不强。",
    "对照上级要求，本机关在{t1}信息公开的标准化、规范化方面仍有差距，依申请公开答复的说理性有待加强。",
    "个别科室对政务公开重视不够，{t2}方面的信息报送不及时，{p1}部分栏目存在更新滞后现象。",
    "政策解读多以文字为主，{m1}数量偏少，解读内容与群众关注点结合不够紧密。",
    "依申请公开办理中与申请人的沟通还不够充分，答复文书的规范性仍需提升。",
    "{t1}专题内容分散，信息检索不够便利，群众查找相关政策需要多次跳转。",
    "公开工作人员多为兼职，人员变动较频繁，业务培训的覆盖面还不够广。",
)
_IMPROVE = (
    "下一步，将围绕{t2}等重点领域加大公开力度，计划开展业务培训{n1}次，进一步提升公开质量。",
    "{next}年，将进一步完善{p1}建设，丰富{m1}形式，及时回应群众关切。",
    "下一步将建立健全信息发布审核机制，每季度对{p1}开展一次全面检查，确保信息准确、及时。",
    "针对上述问题，将加强统筹协调，把{t1}信息公开纳入日常工作重点，定期通报公开情况。",
    "今后将持续推进政务公开标准化规范化建设，加大{t2}类信息公开力度，切实保障群众知情权。",
    "将制定{next}年度政务公开工作任务清单，明确{n1}项重点任务的责任科室和完成时限。",
    "计划对{p2}进行优化升级，增设智能检索功能，让群众查得到、看得懂、能监督。",
    "将依申请公开答复文书纳入合法性审核范围，邀请法律顾问参与疑难申请的研判。",
    "将每月对{t1}领域信息公开情况开展一次自查，发现问题即知即改。",
    "探索开展政府开放日活动，{next}年计划组织{n1}场，拓宽公众参与渠道。",
)
_FEE = (
    "本年度未收取政府信息公开信息处理费。",
    "依据《政府信息公开信息处理费管理办法》，{year}年本机关未发出收费通知，未收取信息处理费。",
    "本年度共发出收费通知0件，收取信息处理费0元。",
    "{year}年度无收取信息处理费情况。",
)
_OTHER = (
    "{year}年政务公开工作要点落实情况：按照年度工作要点要求，完成{t1}、{t2}等方面任务{n4}项。",
    "本年度人大代表建议和政协委员提案办理结果已全部公开，共{n4}件。",
    "无其他需要报告的事项。",
    "本机关按要求完成政务公开工作要点确定的各项任务，{t1}相关信息已在{p1}集中公开。",
)


def section_texts(rng: random.Random, agency: str, year: int, new_total: int) -> dict[SectionKey, str]:
    """Given a random source, the agency, the year and table 三's 一 总计, return the prose of the six sections."""
    topics = rng.sample(TOPICS, 3)
    platforms = rng.sample(PLATFORMS, 2)

    def fill(template: str) -> str:
        return template.format(
            agency=agency, year=year, next=year + 1, new=new_total, t1=topics[0], t2=topics[1], t3=topics[2],
            p1=platforms[0], p2=platforms[1], m1=rng.choice(MEASURES), n1=rng.randint(2, 12),
            n2=rng.randint(120, 9800), n3=rng.randint(10, 640), n4=rng.randint(3, 95), n5=rng.randint(2, 90) * 1000,
            n6=rng.randint(2008, year - 1))

    def pick(pool: tuple[str, ...], k: int = 1) -> str:
        return "".join(fill(t) for t in rng.sample(pool, k))

    general = [pick(_INTRO)]
    for sub, pool in zip(_SUB, (_PROACTIVE, _APPLY, _MANAGE, _PLATFORM, _SUPERVISE), strict=True):
        general.append(sub + "\n" + pick(pool, 1 if pool is _APPLY else rng.randint(1, 2)))
    texts = {SectionKey.GENERAL: "\n".join(general)}
    for key, pool in _TABLE_INTRO.items():
        texts[key] = fill(rng.choice(pool))
    texts[SectionKey.PROBLEMS] = pick(_PROBLEMS, 2) + "\n" + pick(_IMPROVE, 2)
    texts[SectionKey.OTHER] = pick(_FEE) + "\n" + pick(_OTHER)
    return {key: texts[key] for key in SectionKey}
