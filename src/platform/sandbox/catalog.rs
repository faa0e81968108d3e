//! The goods, groups and people the sandbox invents: names that look like a
//! real head KOC's world (food, home goods and underwear lead sales).

use super::rng::Rng;
use crate::model::{GroupKind, PartnerRole};

/// Rates and prices are set so a busy head KOC earns a few hundred to about
/// a thousand yuan on an ordinary day, as field reports describe.
pub struct Category {
    pub cid1: i64,
    pub weight: f64,
    /// Commission rate range in hundredths of a percent.
    pub rate: (i64, i64),
    /// Price range in fen.
    pub price: (i64, i64),
    pub goods: &'static [&'static str],
}

pub const CATEGORIES: &[Category] = &[
    Category {
        cid1: 1320,
        weight: 0.35,
        rate: (200, 800),
        price: (990, 6_990),
        goods: &[
            "每日坚果礼盒750g",
            "纯牛奶250ml*24盒",
            "东北五常大米5kg",
            "柳州螺蛳粉300g*5袋",
            "鸡蛋挂面1kg*3",
            "零食大礼包40包",
            "速溶咖啡100条",
            "土蜂蜜500g",
            "手撕面包2kg整箱",
            "红枣夹核桃500g",
        ],
    },
    Category {
        cid1: 1620,
        weight: 0.25,
        rate: (200, 600),
        price: (990, 8_990),
        goods: &[
            "原木抽纸24包整箱",
            "洗衣凝珠52颗",
            "加厚收纳箱3只装",
            "食品级保鲜袋200只",
            "免手洗平板拖把",
            "厨房湿巾80抽*5",
            "除螨洗衣液3kg",
            "竹纤维洗碗布10条",
        ],
    },
    Category {
        cid1: 1315,
        weight: 0.15,
        rate: (500, 1500),
        price: (1990, 9_990),
        goods: &["纯棉女士内裤5条装", "无钢圈文胸", "男士纯棉袜10双", "德绒保暖内衣套装", "莫代尔睡衣套装"],
    },
    Category {
        cid1: 1316,
        weight: 0.10,
        rate: (500, 2000),
        price: (2990, 15_900),
        goods: &["补水面膜30片", "氨基酸洗面奶", "玻尿酸精华液", "防晒霜SPF50"],
    },
    Category {
        cid1: 1319,
        weight: 0.10,
        rate: (100, 500),
        price: (4990, 19_900),
        goods: &["婴儿纸尿裤L码100片", "儿童成长奶粉800g", "宝宝湿巾80抽*10包", "婴儿洗衣液"],
    },
    Category {
        cid1: 652,
        weight: 0.05,
        rate: (100, 400),
        price: (1990, 19_900),
        goods: &["快充数据线3条装", "20000毫安充电宝", "蓝牙耳机", "手机支架"],
    },
];

pub struct Sku {
    pub id: i64,
    pub name: String,
    pub cid1: i64,
    pub price_fen: i64,
    pub rate: i64,
}

const SPECS: &[&str] = &["", "【爆款】", "【团长推荐】", "【限时秒杀】", "【家庭装】"];

pub fn skus(rng: &mut Rng) -> Vec<Sku> {
    let mut skus = Vec::new();
    for category in CATEGORIES {
        for (i, goods) in category.goods.iter().enumerate() {
            for variant in 0..3 {
                let spec = rng.pick(SPECS);
                let price = rng.range(category.price.0, category.price.1) / 10 * 10;
                skus.push(Sku {
                    id: 100_012_000_000 + category.cid1 * 1000 + (i as i64) * 10 + variant,
                    name: format!("{spec}{goods}"),
                    cid1: category.cid1,
                    price_fen: price,
                    rate: rng.range(category.rate.0, category.rate.1) / 10 * 10,
                });
            }
        }
    }
    skus
}

/// Picks a SKU index, weighting whole categories by their share of sales.
pub fn pick_sku(rng: &mut Rng, skus: &[Sku]) -> usize {
    let mut roll = rng.unit();
    let mut category = CATEGORIES.last().expect("catalog is not empty");
    for c in CATEGORIES {
        if roll < c.weight {
            category = c;
            break;
        }
        roll -= c.weight;
    }
    let first = skus.iter().position(|s| s.cid1 == category.cid1).unwrap_or(0);
    let count = category.goods.len() * 3;
    first + rng.range(0, count as i64) as usize
}

const GROUP_THEMES: &[(&str, GroupKind)] = &[
    ("宝妈好物", GroupKind::Sales),
    ("爆品秒杀", GroupKind::Sales),
    ("每日特价", GroupKind::Deals),
    ("好物推荐", GroupKind::Deals),
    ("店长成长营", GroupKind::Training),
    ("新人训练营", GroupKind::Training),
    ("邻里生活", GroupKind::Other),
    ("吃货福利", GroupKind::Sales),
];

pub fn group_name(index: usize) -> (String, GroupKind) {
    let (theme, kind) = GROUP_THEMES[index % GROUP_THEMES.len()];
    (format!("{theme}{}群", index / GROUP_THEMES.len() + 1), kind)
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗",
    "高",
];
const GIVEN: &[&str] = &[
    "秀英", "丽", "敏", "静", "芳", "娟", "霞", "燕", "红梅", "桂英", "玉兰", "海燕", "小红", "丽娟", "晓梅", "春花",
    "伟", "强", "军", "磊", "洋", "建华", "志刚",
];

pub fn person_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

/// Roles by depth in the tree: the head's direct shopkeepers, then makers,
/// then pushers and members further down.
pub fn role_at_depth(depth: usize) -> PartnerRole {
    match depth {
        0 => PartnerRole::Shopkeeper,
        1 => PartnerRole::Maker,
        2 => PartnerRole::Pusher,
        _ => PartnerRole::Member,
    }
}
