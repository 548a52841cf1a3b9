"""People and places for the demo: shoppers' names, Chinese addresses, the merchants and their warehouses."""

from __future__ import annotations

from dataclasses import dataclass


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``"王:wang 李:li"`` → ``(("王", "wang"), ("李", "li"))``."""
    return tuple((hanzi, pinyin) for hanzi, _, pinyin in (word.partition(":") for word in text.split()))


# (hanzi, pinyin): the most common surnames, and characters of given names.
SURNAMES = _pairs(
    "王:wang 李:li 张:zhang 刘:liu 陈:chen 杨:yang 黄:huang 赵:zhao 吴:wu 周:zhou 徐:xu 孙:sun 马:ma 朱:zhu "
    "胡:hu 郭:guo 何:he 林:lin 罗:luo 高:gao 郑:zheng 梁:liang 谢:xie 宋:song 唐:tang 许:xu 韩:han 冯:feng "
    "邓:deng 曹:cao 彭:peng 曾:zeng 肖:xiao 田:tian 董:dong 潘:pan 袁:yuan 蔡:cai 蒋:jiang 余:yu 于:yu 杜:du "
    "叶:ye 程:cheng 魏:wei 苏:su 吕:lv 丁:ding 沈:shen 任:ren"
)
GIVEN = _pairs(
    "伟:wei 芳:fang 娜:na 敏:min 静:jing 丽:li 强:qiang 磊:lei 军:jun 洋:yang 勇:yong 艳:yan 杰:jie 娟:juan "
    "涛:tao 明:ming 超:chao 秀兰:xiulan 霞:xia 平:ping 刚:gang 桂英:guiying 浩然:haoran 子涵:zihan 欣怡:xinyi "
    "梓萱:zixuan 宇轩:yuxuan 思远:siyuan 雨桐:yutong 一诺:yinuo 晓东:xiaodong 建华:jianhua 海燕:haiyan "
    "佳琪:jiaqi 文博:wenbo 诗涵:shihan 俊杰:junjie 嘉怡:jiayi 志强:zhiqiang 婷婷:tingting 晨曦:chenxi "
    "家豪:jiahao 梦瑶:mengyao 天宇:tianyu 若曦:ruoxi 博文:bowen 可欣:kexin 明轩:mingxuan 雅琴:yaqin 国栋:guodong"
)


@dataclass(frozen=True)
class City:
    region: str
    city: str
    districts: tuple[str, ...]
    postal_prefix: str


CITIES: tuple[City, ...] = (
    City("北京市", "北京市", ("朝阳区", "海淀区", "东城区", "丰台区", "通州区"), "100"),
    City("上海市", "上海市", ("浦东新区", "徐汇区", "静安区", "闵行区", "杨浦区"), "200"),
    City("天津市", "天津市", ("和平区", "南开区", "河西区"), "300"),
    City("重庆市", "重庆市", ("渝中区", "江北区", "南岸区", "渝北区"), "400"),
    City("广东省", "广州市", ("天河区", "越秀区", "海珠区", "番禺区"), "510"),
    City("广东省", "深圳市", ("南山区", "福田区", "宝安区", "龙华区"), "518"),
    City("广东省", "东莞市", ("南城街道", "松山湖"), "523"),
    City("浙江省", "杭州市", ("西湖区", "滨江区", "余杭区", "拱墅区"), "310"),
    City("浙江省", "宁波市", ("鄞州区", "海曙区"), "315"),
    City("江苏省", "南京市", ("鼓楼区", "玄武区", "建邺区"), "210"),
    City("江苏省", "苏州市", ("姑苏区", "工业园区", "吴中区"), "215"),
    City("四川省", "成都市", ("锦江区", "武侯区", "高新区", "青羊区"), "610"),
    City("湖北省", "武汉市", ("武昌区", "江汉区", "洪山区"), "430"),
    City("湖南省", "长沙市", ("岳麓区", "开福区", "雨花区"), "410"),
    City("陕西省", "西安市", ("雁塔区", "碑林区", "未央区"), "710"),
    City("山东省", "青岛市", ("市南区", "崂山区", "黄岛区"), "266"),
    City("山东省", "济南市", ("历下区", "市中区"), "250"),
    City("福建省", "厦门市", ("思明区", "湖里区"), "361"),
    City("福建省", "福州市", ("鼓楼区", "仓山区"), "350"),
    City("河南省", "郑州市", ("金水区", "二七区", "郑东新区"), "450"),
    City("安徽省", "合肥市", ("蜀山区", "包河区"), "230"),
    City("辽宁省", "沈阳市", ("和平区", "沈河区"), "110"),
    City("辽宁省", "大连市", ("中山区", "沙河口区"), "116"),
    City("黑龙江省", "哈尔滨市", ("南岗区", "道里区"), "150"),
    City("云南省", "昆明市", ("五华区", "盘龙区"), "650"),
    City("广西壮族自治区", "南宁市", ("青秀区", "西乡塘区"), "530"),
    City("贵州省", "贵阳市", ("南明区", "观山湖区"), "550"),
    City("江西省", "南昌市", ("东湖区", "红谷滩区"), "330"),
    City("河北省", "石家庄市", ("长安区", "裕华区"), "050"),
    City("山西省", "太原市", ("小店区", "迎泽区"), "030"),
    City("新疆维吾尔自治区", "乌鲁木齐市", ("天山区", "沙依巴克区"), "830"),
    City("海南省", "海口市", ("龙华区", "美兰区"), "570"),
)
STREETS = ("人民路", "解放路", "中山路", "建设路", "和平路", "长江路", "黄河路", "新华路", "文化路", "朝阳路", "科技路",
           "学府路", "滨江大道", "世纪大道", "光明街", "幸福路", "青年路", "东风路", "迎宾大道", "创新大道")
ESTATES = ("阳光花园", "锦绣家园", "翠湖天地", "万科城", "碧桂园", "绿地新都会", "保利香槟国际", "金色家园",
           "龙湖春江郦城", "华润城", "融创壹号院", "书香门第")
MOBILE_PREFIXES = ("134", "135", "136", "138", "139", "150", "151", "158", "159", "186", "187", "188", "177", "199")

CARRIERS: tuple[tuple[str, str, int], ...] = (  # name, tracking prefix, digits
    ("SF Express", "SF", 13), ("ZTO", "7", 13), ("YTO", "YT", 13), ("JD Logistics", "JDV", 12),
    ("Yunda", "43", 13), ("STO", "77", 12), ("EMS", "EM", 11),
)


@dataclass(frozen=True)
class MerchantProfile:
    """A demo shop: what it sells (leaf slugs, by weight), where it ships from, how it behaves."""

    slug: str
    name: str
    code: str  # SKU prefix
    leaves: tuple[tuple[str, int], ...]
    warehouses: tuple[tuple[str, str, str, int], ...]  # code, name, city, priority
    region_code: str  # first digits of the business licence
    joined_days_before: int  # admitted (or, when pending, applied) this many days before the reference date
    ship_hours: tuple[int, int]
    owner: tuple[str, str]  # name, pinyin for the email
    staff: tuple[str, str] | None = None
    pending: bool = False


MERCHANTS: tuple[MerchantProfile, ...] = (
    MerchantProfile("galaxy-digital", "星河数码旗舰店 Galaxy Digital", "XH",
                    (("phones", 5), ("audio", 3), ("wearables", 2), ("laptops", 3), ("peripherals", 2)),
                    (("SZ-LH", "深圳龙华仓 Shenzhen Longhua", "深圳市", 100),
                     ("SH-QP", "上海青浦仓 Shanghai Qingpu", "上海市", 80),
                     ("CD-SL", "成都双流仓 Chengdu Shuangliu", "成都市", 60)),
                    "440300", 900, (4, 30), ("陈志远", "chen.zhiyuan"), ("王晓婷", "wang.xiaoting")),
    MerchantProfile("youpin-appliances", "优品电器专营店 Youpin Appliances", "YP",
                    (("kitchen-appliances", 3), ("home-appliances", 3)),
                    (("FS-SD", "佛山顺德仓 Foshan Shunde", "佛山市", 100),
                     ("TJ-WQ", "天津武清仓 Tianjin Wuqing", "天津市", 70)),
                    "440600", 880, (6, 40), ("梁嘉豪", "liang.jiahao"), ("何静", "he.jing")),
    MerchantProfile("yijian-fashion", "衣见倾心服饰 Yijian Fashion", "YJ",
                    (("menswear", 3), ("womenswear", 4), ("shoes", 2)),
                    (("HZ-YH", "杭州余杭仓 Hangzhou Yuhang", "杭州市", 100),
                     ("GZ-BY", "广州白云仓 Guangzhou Baiyun", "广州市", 50)),
                    "330100", 860, (8, 48), ("沈梦瑶", "shen.mengyao")),
    MerchantProfile("huayang-beauty", "花漾美妆 Huayang Beauty", "HY", (("skincare", 3), ("makeup", 2)),
                    (("SH-JD", "上海嘉定仓 Shanghai Jiading", "上海市", 100),), "310000", 850, (4, 24),
                    ("林若曦", "lin.ruoxi"), ("苏可欣", "su.kexin")),
    MerchantProfile("shanye-fresh", "山野鲜生 Shanye Fresh", "SY", (("fresh-fruit", 3), ("snacks", 3), ("tea", 2)),
                    (("KM-CG", "昆明呈贡冷链仓 Kunming cold store", "昆明市", 100),
                     ("SH-MH", "上海闵行冷链仓 Shanghai cold store", "上海市", 90),
                     ("BJ-SY", "北京顺义仓 Beijing Shunyi", "北京市", 80)),
                    "530100", 840, (2, 20), ("杨国栋", "yang.guodong")),
    MerchantProfile("shuxiang-books", "书香文创 Shuxiang Books & Toys", "SX",
                    (("books", 4), ("toys", 3), ("custom-gifts", 1)),
                    (("BJ-DX", "北京大兴仓 Beijing Daxing", "北京市", 100),
                     ("WH-DH", "武汉东湖仓 Wuhan Donghu", "武汉市", 50)),
                    "110000", 820, (6, 36), ("周文博", "zhou.wenbo")),
    MerchantProfile("dongli-sports", "动力运动户外 Dongli Sports", "DL", (("fitness", 3), ("outdoor", 3), ("shoes", 2)),
                    (("XM-HL", "厦门湖里仓 Xiamen Huli", "厦门市", 100),
                     ("XA-WY", "西安未央仓 Xi'an Weiyang", "西安市", 40)),
                    "350200", 800, (8, 48), ("郑天宇", "zheng.tianyu"), ("曾佳琪", "zeng.jiaqi")),
    MerchantProfile("muyu-home", "木语家居 Muyu Home", "MY", (("furniture", 4), ("cookware", 3), ("custom-gifts", 1)),
                    (("GZ-NK", "赣州南康仓 Ganzhou Nankang", "赣州市", 100),
                     ("SZ-WZ", "苏州吴中仓 Suzhou Wuzhong", "苏州市", 70)),
                    "360700", 540, (24, 72), ("罗建华", "luo.jianhua")),
    MerchantProfile("fawn-handmade", "小鹿手作 Fawn Handmade", "XL", (), (), "330200", 4, (24, 72),
                    ("叶诗涵", "ye.shihan"), pending=True),
)
