"""The fictional supply-chain parties of the demo provenance data: who grows, makes, tests, carries and sells.

Every party has a GS1 company prefix (fictional, in the 698 range) from which its GLNs, SSCCs and own GTINs are
drawn with correct check digits, and a deterministic Ed25519 key (SHA-256 of a fixed seed and its name) so the
same seed always signs the same captures. The keys are public knowledge: demo data, not a secret.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from datetime import timedelta, timezone

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mercato.contexts.provenance.domain.check_digits import mod10_check_digit

KEY_SEED = "mercato-demo-provenance-v1:"
CST = timezone(timedelta(hours=8), "CST")
CHILE = timezone(timedelta(hours=-3), "CLST")
PARTY_ID = "https://id.gs1.org/417/"


def with_check(body: str) -> str:
    return body + mod10_check_digit(body)


@dataclass(frozen=True)
class PartySpec:
    key: str
    name: str
    role: str
    prefix: str  # 7-digit GS1 company prefix
    city: str
    tz: timezone = CST

    def gln(self, location: int = 0) -> str:
        """GLN of the party itself (0) or of one of its sites (1, 2, ...)."""
        return with_check(f"{self.prefix}{location:05d}")

    def gtin(self, item: int) -> str:
        """A GTIN-14 of the party's own trade items (leaf, fresh fruit...)."""
        return with_check(f"0{self.prefix}{item:05d}")

    def sscc(self, serial: int) -> str:
        return with_check(f"0{self.prefix}{serial:09d}")

    @property
    def party_id(self) -> str:
        return PARTY_ID + self.gln()

    def private_key(self) -> Ed25519PrivateKey:
        return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"{KEY_SEED}{self.name}".encode()).digest())


@dataclass(frozen=True)
class Origin:
    """Where a product line comes from: matched on the start of its Chinese title."""

    title_prefix: str
    grower: str  # party key (farm or orchard)
    maker: str = ""  # party key of the processing factory (tea)
    produce: str = ""  # what the grower harvests, bilingual, for the harvest event's ilmd
    yield_ratio: float = 1.0  # kg harvested per kg of finished product
    processing_days: tuple[int, int] = (1, 3)
    cold: tuple[float, float] = (2.0, 8.0)  # the cold chain's allowed band, °C
    country: str = "CN"


_P = PartySpec
PARTIES: tuple[PartySpec, ...] = (
    # tea and coffee growers, their factories and the lab
    _P("longwu", "龙坞云栖茶园 Longwu Yunqi Tea Garden", "farm", "6980101", "杭州市"),
    _P("anxi", "安溪祥云茶园 Anxi Xiangyun Tea Garden", "farm", "6980102", "泉州市"),
    _P("jingmai", "景迈云雾茶园 Jingmai Yunwu Tea Garden", "farm", "6980103", "普洱市"),
    _P("fuding", "福鼎太姥白茶园 Fuding Taimu White Tea Garden", "farm", "6980104", "宁德市"),
    _P("wuyi", "武夷岩韵茶园 Wuyi Rock-Rhyme Tea Garden", "farm", "6980105", "南平市"),
    _P("baoshan", "保山高黎贡咖啡庄园 Baoshan Gaoligong Coffee Estate", "farm", "6980106", "保山市"),
    _P("westlake-works", "杭州西湖茶业加工厂 Hangzhou West Lake Tea Works", "factory", "6980201", "杭州市"),
    _P("minyun", "福建闽韵制茶厂 Minyun Tea Factory (Fujian)", "factory", "6980202", "福州市"),
    _P("dianyun", "滇韵茶咖加工厂 Dianyun Tea & Coffee Works (Yunnan)", "factory", "6980203", "昆明市"),
    _P("huacha-lab", "华茶质量检验检测中心 Huacha Tea Quality Testing Centre", "lab", "6980301", "杭州市"),
    # electronics
    _P("longhua-works", "深圳龙华智造电子厂 Longhua Smart Electronics Factory (Shenzhen)", "factory", "6980401",
       "深圳市"),
    _P("songhu-works", "东莞松湖声学科技 Songhu Acoustics & Wearables (Dongguan)", "factory", "6980402", "东莞市"),
    _P("xiyong-works", "重庆西永电脑制造基地 Xiyong Computer Manufacturing (Chongqing)", "factory", "6980403",
       "重庆市"),
    _P("pengcheng-lab", "鹏城电子产品检测中心 Pengcheng Electronics Testing Centre", "lab", "6980302", "深圳市"),
    _P("south-dc", "华南云仓配送中心 South China Cloud Distribution Centre", "distributor", "6980501", "东莞市"),
    # carriers
    _P("xunfeng", "迅丰速运 Xunfeng Express", "carrier", "6980601", "深圳市"),
    _P("tongda", "通达物流 Tongda Logistics", "carrier", "6980602", "杭州市"),
    _P("binglian", "冰链冷运 Binglian Cold Chain", "carrier", "6980603", "上海市"),
    # orchards
    _P("sanya-mango", "三亚金煌芒果园 Sanya Jinhuang Mango Orchard", "farm", "6980701", "三亚市"),
    _P("hami-melon", "哈密瓜农合作社 Hami Melon Growers' Cooperative", "farm", "6980702", "哈密市"),
    _P("aksu-apple", "阿克苏红旗坡果园 Aksu Hongqipo Orchard", "farm", "6980703", "阿克苏市"),
    _P("qixia-apple", "栖霞苹果园 Qixia Apple Orchard (Yantai)", "farm", "6980704", "烟台市"),
    _P("gannan-orange", "赣南脐橙合作社 Gannan Navel Orange Cooperative", "farm", "6980705", "赣州市"),
    _P("chengjiang-berry", "澄江蓝莓基地 Chengjiang Blueberry Farm", "farm", "6980706", "玉溪市"),
    _P("donggang-berry", "东港草莓基地 Donggang Strawberry Farm", "farm", "6980707", "丹东市"),
    _P("pujiang-citrus", "蒲江丑橘合作社 Pujiang Dekopon Cooperative", "farm", "6980708", "成都市"),
    _P("andes-cherry", "安第斯樱桃园 Huerto Los Andes Cherry Orchard (Chile)", "farm", "7809901", "Rancagua", CHILE),
    _P("zhouzhi-kiwi", "周至猕猴桃合作社 Zhouzhi Kiwifruit Cooperative", "farm", "6980710", "西安市"),
    _P("wuming-citrus", "武鸣沃柑基地 Wuming Orah Mandarin Farm", "farm", "6980711", "南宁市"),
    # the shops that sell what is traced
    _P("galaxy-digital", "星河数码旗舰店 Galaxy Digital", "retailer", "6980801", "深圳市"),
    _P("shanye-fresh", "山野鲜生 Shanye Fresh", "retailer", "6980802", "昆明市"),
)
PARTY = {party.key: party for party in PARTIES}

TEA_ORIGINS: tuple[Origin, ...] = (
    Origin("西湖", "longwu", "westlake-works", "鲜叶 fresh tea leaf", 4.2),
    Origin("安溪", "anxi", "minyun", "鲜叶 fresh tea leaf", 4.5, (2, 4)),
    Origin("云南", "jingmai", "dianyun", "晒青毛茶原料 fresh Pu'er leaf", 4.0, (40, 60)),  # wet-piling takes weeks
    Origin("福鼎", "fuding", "minyun", "鲜叶 fresh tea leaf", 4.8, (3, 5)),
    Origin("武夷山", "wuyi", "minyun", "鲜叶 fresh tea leaf", 4.5, (3, 6)),
    Origin("三顿半", "baoshan", "dianyun", "咖啡鲜果 coffee cherries", 6.0, (5, 12)),
)
FRUIT_ORIGINS: tuple[Origin, ...] = (
    Origin("海南", "sanya-mango", produce="金煌芒 Jinhuang mangoes", yield_ratio=1.12, cold=(10.0, 13.0)),
    Origin("新疆", "hami-melon", produce="哈密瓜 Hami melons", yield_ratio=1.08, cold=(3.0, 8.0)),
    Origin("阿克苏", "aksu-apple", produce="冰糖心苹果 rock-sugar apples", yield_ratio=1.1, cold=(0.0, 4.0)),
    Origin("烟台", "qixia-apple", produce="红富士苹果 Fuji apples", yield_ratio=1.1, cold=(0.0, 4.0)),
    Origin("赣南", "gannan-orange", produce="脐橙 navel oranges", yield_ratio=1.1, cold=(4.0, 8.0)),
    Origin("云南", "chengjiang-berry", produce="蓝莓 blueberries", yield_ratio=1.15, cold=(0.0, 3.0)),
    Origin("丹东", "donggang-berry", produce="草莓 strawberries", yield_ratio=1.2, cold=(0.0, 3.0)),
    Origin("四川", "pujiang-citrus", produce="丑橘 Dekopon mandarins", yield_ratio=1.1, cold=(4.0, 8.0)),
    Origin("智利", "andes-cherry", produce="cerezas / 车厘子 cherries", yield_ratio=1.15, cold=(0.0, 2.0),
           country="CL"),
    Origin("陕西周至", "zhouzhi-kiwi", produce="徐香猕猴桃 Xuxiang kiwifruit", yield_ratio=1.1, cold=(0.0, 3.0)),
    Origin("广西武鸣", "wuming-citrus", produce="沃柑 Orah mandarins", yield_ratio=1.1, cold=(4.0, 8.0)),
)
ELECTRONICS_MAKERS = {"phones": "longhua-works", "audio": "songhu-works", "wearables": "songhu-works",
                      "laptops": "xiyong-works", "peripherals": "xiyong-works"}
RETAILERS = {"galaxy-digital": "galaxy-digital", "shanye-fresh": "shanye-fresh"}  # merchant slug → party key


def hub(city: str) -> int:
    """A carrier's site number for its hub in a city (the same city, the same hub, for every carrier)."""
    return 100 + zlib.crc32(city.encode()) % 900


def origin_of(title: str, origins: tuple[Origin, ...]) -> Origin | None:
    """The origin whose prefix starts the title (longest first, so 陕西周至 wins over a shorter match)."""
    for origin in sorted(origins, key=lambda o: -len(o.title_prefix)):
        if title.startswith(origin.title_prefix):
            return origin
    return None
