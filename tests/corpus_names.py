"""Real-looking agency names of every kind and level, for the generated corpus (test helper, not part of ogi).

The province, city and county names are real divisions; the street and town names are common names drawn
from a pool and are NOT checked against the division list (a generated "金水区建设路街道办事处" may not exist).
Division codes are left out on purpose: none was checked by hand here.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

__all__ = ["Agency", "agencies"]

# province -> city -> counties (districts, counties, county-level cities); municipalities have no city level
DIVISIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "河南省": {
        "郑州市": ("金水区", "中原区", "二七区", "中牟县", "新郑市", "登封市"),
        "安阳市": ("文峰区", "北关区", "林州市", "安阳县", "汤阴县", "滑县", "内黄县"),
        "洛阳市": ("西工区", "老城区", "涧西区", "新安县", "栾川县", "嵩县"),
        "漯河市": ("源汇区", "郾城区", "召陵区", "舞阳县", "临颍县"),
        "焦作市": ("解放区", "山阳区", "博爱县", "武陟县", "温县", "沁阳市", "孟州市"),
    },
    "江苏省": {
        "淮安市": ("清江浦区", "淮安区", "淮阴区", "洪泽区", "涟水县", "盱眙县", "金湖县"),
        "南京市": ("玄武区", "秦淮区", "鼓楼区", "江宁区", "浦口区"),
        "苏州市": ("姑苏区", "吴中区", "相城区", "常熟市", "昆山市", "太仓市", "张家港市"),
    },
    "宁夏回族自治区": {
        "石嘴山市": ("大武口区", "惠农区", "平罗县"),
        "银川市": ("兴庆区", "金凤区", "西夏区", "永宁县", "贺兰县", "灵武市"),
    },
    "浙江省": {
        "杭州市": ("上城区", "拱墅区", "西湖区", "滨江区", "萧山区", "余杭区", "桐庐县", "淳安县", "建德市"),
        "宁波市": ("海曙区", "江北区", "鄞州区", "象山县", "宁海县", "余姚市", "慈溪市"),
    },
    "四川省": {"成都市": ("锦江区", "青羊区", "金牛区", "武侯区", "成华区", "金堂县", "大邑县", "都江堰市", "彭州市")},
    "广东省": {
        "广州市": ("越秀区", "海珠区", "天河区", "白云区", "番禺区", "从化区"),
        "深圳市": ("福田区", "罗湖区", "南山区", "宝安区", "龙岗区"),
    },
    "湖南省": {"长沙市": ("芙蓉区", "天心区", "岳麓区", "开福区", "雨花区", "长沙县", "浏阳市", "宁乡市")},
    "山东省": {"济南市": ("历下区", "市中区", "槐荫区", "天桥区", "历城区", "平阴县", "商河县")},
    "北京市": {"": ("东城区", "西城区", "朝阳区", "海淀区", "丰台区", "密云区", "延庆区")},
    "上海市": {"": ("黄浦区", "徐汇区", "长宁区", "静安区", "浦东新区", "崇明区")},
}

PROVINCE_DEPARTMENTS = (
    "发展和改革委员会", "教育厅", "科学技术厅", "工业和信息化厅", "公安厅", "民政厅", "司法厅", "财政厅",
    "人力资源和社会保障厅", "自然资源厅", "生态环境厅", "住房和城乡建设厅", "交通运输厅", "水利厅", "农业农村厅",
    "商务厅", "文化和旅游厅", "卫生健康委员会", "应急管理厅", "审计厅", "市场监督管理局", "统计局", "医疗保障局",
    "林业局",
)
MUNICIPALITY_DEPARTMENTS = (
    "发展和改革委员会", "教育委员会", "科学技术委员会", "公安局", "民政局", "司法局", "财政局", "生态环境局",
    "住房和城乡建设委员会", "交通委员会", "水务局", "农业农村局", "商务委员会", "卫生健康委员会", "市场监督管理局",
)
CITY_DEPARTMENTS = (
    "发展和改革委员会", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "水利局",
    "农业农村局", "商务局", "文化广电和旅游局", "卫生健康委员会", "退役军人事务局", "应急管理局", "审计局",
    "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "信访局",
)
COUNTY_DEPARTMENTS = (
    "发展和改革委员会", "教育局", "教育体育局", "科技和工业信息化局", "公安局", "民政局", "司法局", "财政局",
    "人力资源和社会保障局", "自然资源局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局",
    "卫生健康委员会", "市场监督管理局", "应急管理局", "统计局", "医疗保障局", "退役军人事务局",
)
STREETS = ("新华街道", "人民路街道", "建设路街道", "东风街道", "西关街道", "南关街道", "和平街道", "解放街道",
           "文化路街道", "花园路街道", "城东街道", "城南街道", "北城街道", "站前街道")
TOWNS = ("城关镇", "东城镇", "新店镇", "石桥镇", "马庄乡", "柳林镇", "白沙镇", "王庄镇", "李集镇", "张店镇",
         "古城镇", "龙泉镇", "太平镇", "三河镇", "高庄乡", "双桥镇")

# kind: how the issue names them (人民政府 / 办公室 / 部门 / 街道乡镇 / 开发区 / 垂直管理)
KINDS = ("government", "office", "department", "street", "township", "development_zone", "vertical")


@dataclass(frozen=True)
class Agency:
    """One publishing unit: its name as its title prints it, its kind and level, and its division."""

    name: str
    kind: str  # one of KINDS
    level: str  # "province", "city", "county", "township"
    province: str
    city: str  # "" for a province-level unit or a municipality's district
    county: str  # "" above county level

    def as_dict(self) -> dict:
        return asdict(self)


def _make(rng: random.Random, kind: str) -> Agency:
    province = rng.choice(list(DIVISIONS))
    cities = DIVISIONS[province]
    city = rng.choice(list(cities))
    county = rng.choice(cities[city])
    municipality = city == ""
    # a district is often named with its city in front ("郑州市金水区"), a county-level city never is
    prefix = province if municipality else city
    county_name = county if county.endswith("市") or rng.random() < 0.5 else prefix + county
    if kind in ("government", "office"):  # 人民政府, or its 办公厅 (province) / 办公室 (city, county)
        level = rng.choice(("province", "city", "county", "county") if kind == "government" else
                           ("province", "city", "county"))
        suffix = "人民政府" + ("办公室" if kind == "office" else "")
        if level == "province" or (level == "city" and municipality):
            suffix = "人民政府" + ("办公厅" if kind == "office" else "")
            return Agency(province + suffix, kind, "province", province, "", "")
        if level == "city":
            return Agency(city + suffix, kind, "city", province, city, "")
        return Agency(county_name + suffix, kind, "county", province, city, county)
    if kind == "department":
        level = rng.choice(("province", "city", "city", "county", "county"))
        if level == "province":
            pool = MUNICIPALITY_DEPARTMENTS if municipality else PROVINCE_DEPARTMENTS
            return Agency(province + rng.choice(pool), kind, "province", province, "", "")
        if level == "city" and not municipality:
            return Agency(city + rng.choice(CITY_DEPARTMENTS), kind, "city", province, city, "")
        return Agency(county_name + rng.choice(COUNTY_DEPARTMENTS), kind, "county", province, city, county)
    if kind == "street":
        return Agency(county_name + rng.choice(STREETS) + "办事处", kind, "township", province, city, county)
    if kind == "township":
        # towns sit in counties; a municipality's district still has towns (密云区, 崇明区)
        return Agency(county_name + rng.choice(TOWNS) + "人民政府", kind, "township", province, city, county)
    if kind == "development_zone":
        if municipality or rng.random() < 0.3:
            zone = rng.choice(("经济开发区", "高新技术产业园区"))
            return Agency(county_name + zone + "管理委员会", kind, "county", province, city, county)
        zone = rng.choice(("经济技术开发区", "高新技术产业开发区"))
        return Agency(city.removesuffix("市") + zone + "管理委员会", kind, "city", province, city, "")
    # vertical: a tax bureau or an environment sub-bureau of the city
    if municipality:
        return Agency(f"国家税务总局{province}{county}税务局", kind, "county", province, "", county)
    if rng.random() < 0.5:
        return Agency(f"国家税务总局{city}税务局", kind, "city", province, city, "")
    return Agency(f"{city}生态环境局{county}分局", kind, "county", province, city, county)


_KIND_WEIGHTS = (("government", 14), ("office", 8), ("department", 50), ("street", 9), ("township", 9),
                 ("development_zone", 5), ("vertical", 5))


def agencies(rng: random.Random, count: int) -> list[Agency]:
    """Given a random source and a count, return that many distinct agencies of mixed kinds and levels."""
    kinds = [k for k, _ in _KIND_WEIGHTS]
    weights = [w for _, w in _KIND_WEIGHTS]
    found: dict[str, Agency] = {}
    # every kind at least once when the count allows, then by weight
    wanted = kinds[: min(count, len(kinds))] + rng.choices(kinds, weights, k=max(0, count - len(kinds)))
    for kind in wanted:
        for _ in range(50):  # the name space is large; a few retries find an unused name
            a = _make(rng, kind)
            if a.name not in found:
                found[a.name] = a
                break
    return list(found.values())
