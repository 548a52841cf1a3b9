"""Generic product words of the demo marketplace (brands and nouns, both languages).

They catch products when the caller passes no names; a brand followed by a noun ("小米手机", "dyson vacuum")
becomes one product mention.
"""

from __future__ import annotations

from typing import Final

PRODUCT_WORDS: Final[tuple[str, ...]] = (
    # brands
    "小米", "xiaomi", "redmi", "华为", "huawei", "荣耀", "honor", "oppo", "vivo", "一加", "oneplus", "苹果",
    "apple", "iphone", "ipad", "macbook", "索尼", "sony", "漫步者", "edifier", "jbl", "佳明", "garmin", "华米",
    "amazfit", "联想", "lenovo", "戴尔", "dell", "华硕", "asus", "罗技", "logitech", "雷蛇", "razer", "美的",
    "midea", "九阳", "joyoung", "苏泊尔", "supor", "松下", "panasonic", "米家", "mijia", "戴森", "dyson",
    "追觅", "dreame", "石头", "roborock", "徕芬", "laifen", "格力", "gree", "双立人", "zwilling", "膳魔师",
    "thermos", "象印", "zojirushi", "优衣库", "uniqlo", "李宁", "li-ning", "安踏", "anta", "波司登", "bosideng",
    "海澜之家", "太平鸟", "耐克", "nike", "阿迪达斯", "adidas",
    # nouns (zh)
    "手机", "耳机", "蓝牙耳机", "降噪耳机", "音箱", "智能手表", "手表", "手环", "笔记本电脑", "笔记本", "电脑",
    "平板", "鼠标", "键盘", "机械键盘", "显示器", "充电器", "数据线", "手机壳", "电饭煲", "空气炸锅", "破壁机",
    "电水壶", "吸尘器", "扫地机器人", "扫拖机器人", "空气净化器", "落地扇", "风扇", "吹风机", "炒锅", "刀具",
    "保温杯", "铸铁锅", "人体工学椅", "椅子", "升降桌", "桌子", "沙发", "书架", "床垫", "实木床", "T恤", "衬衫",
    "卫衣", "羽绒服", "牛仔裤", "夹克", "开衫", "连衣裙", "大衣", "半身裙", "裙子", "裤子", "鞋子", "运动鞋",
    "帐篷", "口红", "面霜", "精华", "洗发水", "大米", "茶叶", "月饼", "车厘子", "苹果醋", "图书", "积木", "冰箱",
    "洗衣机", "电视",
    # nouns (en)
    "phone", "smartphone", "earbuds", "headphones", "headset", "speaker", "smartwatch", "watch", "smart band",
    "laptop", "notebook", "tablet", "mouse", "keyboard", "monitor", "charger", "cable", "phone case",
    "rice cooker", "air fryer", "blender", "kettle", "vacuum", "robot vacuum", "air purifier", "fan",
    "hair dryer", "wok", "knife set", "flask", "pot", "chair", "desk", "sofa", "bookshelf", "bed", "mattress",
    "t-shirt", "tshirt", "shirt", "hoodie", "down jacket", "jeans", "jacket", "cardigan", "dress", "coat",
    "skirt", "pants", "shoes", "sneakers", "tent", "lipstick", "cream", "shampoo", "tea", "books", "toy",
    "fridge", "washing machine", "tv",
)
