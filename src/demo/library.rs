//! The demo's starter library: what a trainer would hand a new head KOC,
//! so the 素材 page shows a real library from the first start.

use crate::materials::parts::QrSlot;
use crate::materials::{edit, folders, MaterialDraft, MaterialError, Part, Parts};
use crate::media::{MediaError, MediaStore};
use crate::model::{EpochSecs, MaterialKind};
use sqlx::SqlitePool;

struct Starter {
    folder: &'static str,
    kind: MaterialKind,
    title: &'static str,
    tags: &'static [&'static str],
    body: &'static str,
}

use MaterialKind::*;

const STARTERS: &[Starter] = &[
    Starter { folder: "每日素材/早安", kind: DailyKit, title: "早安问候·周一", tags: &["早安", "每日"], body: "☀️ 早上好，家人们！今天是{日期}。\n新的一周从一杯热水开始～\n今天群里 10 点有京东自营好物限时价，记得来看看👇" },
    Starter { folder: "每日素材/早安", kind: DailyKit, title: "早安问候·周末", tags: &["早安", "每日"], body: "🌸 周末早安！\n睡个懒觉也别忘了吃早餐～\n今天整理了 3 款宝妈都在回购的好物，中午发给大家。" },
    Starter { folder: "每日素材/午间", kind: DailyKit, title: "午间分享·纸巾囤货", tags: &["午间", "囤货", "日用"], body: "🧻 中午好！家里纸巾快用完的看过来\n京东自营 抽纸 24 包，今天到手价比平时低不少\n有问题随时@我" },
    Starter { folder: "每日素材/午间", kind: DailyKit, title: "午间分享·水果", tags: &["午间", "生鲜"], body: "🍊 当季赣南脐橙到了！\n产地直发，坏果包赔\n{群名}的家人们可以先买一箱尝尝：{链接}" },
    Starter { folder: "每日素材/晚间", kind: DailyKit, title: "晚间分享·今日好物合集", tags: &["晚间", "合集"], body: "🌙 晚上好～今天群里的好物合集：\n1️⃣ 抽纸 24 包\n2️⃣ 脐橙 5 斤\n3️⃣ 洗衣液 3 瓶装\n明天见！" },
    Starter { folder: "每日素材/晚间", kind: DailyKit, title: "晚间分享·买家秀", tags: &["晚间", "晒单"], body: "📸 今天收到好几位家人的买家秀，谢谢大家的信任！\n用得好记得来群里说一声，你的分享能帮到更多姐妹～" },
    Starter { folder: "话术", kind: Script, title: "新人进群欢迎语", tags: &["新人", "欢迎"], body: "🎉 欢迎 {昵称} 加入{群名}！\n群里每天分享京东自营的好物和优惠，\n有任何问题直接@我，我是这里的团长～" },
    Starter { folder: "话术", kind: Script, title: "角色定位：我是谁", tags: &["定位", "新人"], body: "我是这个群的团长，\n平时帮大家挑性价比高的京东好物，\n不囤货、不压货，只分享自己用过、家人说好的东西。" },
    Starter { folder: "话术", kind: Script, title: "回应价格疑问", tags: &["答疑", "价格"], body: "这个问题问得好👍\n链接里是京东自营的实时价格，我们不加价；\n有券的时候我会第一时间发到群里。" },
    Starter { folder: "话术", kind: Script, title: "邀请好友话术", tags: &["裂变", "邀请"], body: "家里有宝妈朋友的可以拉进来～\n群里每天有实用好物，不刷屏、不乱发广告，\n进群先看群公告哦。" },
    Starter { folder: "海报", kind: Poster, title: "双12 预热海报文案", tags: &["双12", "预热"], body: "双12 就要来了\n京东自营 · 限时低价\n扫码进群，好价第一时间知道" },
    Starter { folder: "海报", kind: Poster, title: "进群海报文案", tags: &["拉新", "进群"], body: "每天 3 款好物 · 只推自营正品\n扫码进群" },
    Starter { folder: "新人培训", kind: Course, title: "第 1 课：认识京东联盟", tags: &["新人", "培训", "第一周"], body: "这一课讲三件事：\n1. 推广位和子账号是什么\n2. 预估佣金和结算佣金的区别\n3. 每天看哪些数字\n学完请在群里回复「第 1 课已学」。" },
    Starter { folder: "新人培训", kind: Course, title: "第 2 课：第一次分享", tags: &["新人", "培训", "第一周"], body: "今天的任务：在自己的朋友圈或小群分享一款自己用过的好物。\n别怕没人买，先说真话、说用感。\n分享后截图发给带你的伙伴。" },
    Starter { folder: "新人培训", kind: Course, title: "第 3 课：群的早中晚节奏", tags: &["新人", "培训", "社群"], body: "一个有温度的群每天有三个节点：\n早安问候、午间分享、晚间合集。\n固定时间发，大家就会形成习惯来看。" },
    Starter { folder: "新人培训", kind: Course, title: "第 4 课：怎么回答质疑", tags: &["新人", "培训", "答疑"], body: "遇到「是不是传销」「会不会压货」的问题：\n我们只做分享推广，不收入门费、不拉人头、不囤货；\n佣金来自平台，按真实成交计算。" },
    Starter { folder: "活动方案", kind: Campaign, title: "红包雨活动流程", tags: &["红包", "活动", "互动"], body: "🧧 今晚 8 点红包雨！\n1. 7:50 预告，提醒大家在线\n2. 8:00 连发 5 个拼手气红包\n3. 8:05 公布今晚秒杀好物\n4. 8:30 晒单抽奖" },
    Starter { folder: "活动方案", kind: Campaign, title: "限时秒杀预告", tags: &["秒杀", "活动"], body: "⏰ 明天上午 10 点整点秒杀\n只有 30 分钟，库存有限\n先定好闹钟⏰，链接明早发" },
    Starter { folder: "活动方案", kind: Campaign, title: "拼团玩法说明", tags: &["拼团", "活动"], body: "👭 三人成团更便宜\n把链接发给两位好友，一起下单就成团；\n不成团自动退款，放心参与。" },
    Starter { folder: "品牌与产品", kind: ProductIntro, title: "京东自营为什么放心", tags: &["自营", "售后"], body: "✅ 京东自营：京东发货、京东售后\n✅ 大部分支持 7 天无理由\n✅ 次日达覆盖大多数城市" },
    Starter { folder: "品牌与产品", kind: Brand, title: "团队介绍", tags: &["团队", "背书"], body: "我们是一支由宝妈和上班族组成的分享团队，\n三年来服务了几十个社群，\n坚持只推自己用过的东西。" },
    Starter { folder: "品牌与产品", kind: IncomeModel, title: "收益怎么来", tags: &["收益", "新人"], body: "投入：每天 30 分钟分享\n收获：成交后平台给的推广佣金（按月结算）\n要做的：挑好物、说真话、照顾好群里的家人\n不收任何费用，也不需要囤货。" },
    Starter { folder: "品牌与产品", kind: Fission, title: "社群裂变三步", tags: &["裂变", "拉新"], body: "1. 老群成员邀请好友，进群送小福利\n2. 新人进群当天发欢迎语和新人专享\n3. 满 400 人开新群，老带新做群管" },
    Starter { folder: "品牌与产品", kind: Fission, title: "培训裂变：线下沙龙", tags: &["裂变", "培训", "线下"], body: "每月一次线下小沙龙：\n分享当月爆款、讲一个新人案例、现场答疑。\n线下见过面的伙伴，留存最好。" },
];

/// What a starter kit carries beyond its text: a product (so copies get
/// her link), pictures, the link on a line of its own, a poster.
struct Kit {
    title: &'static str,
    product: &'static str,
    pictures: u8,
    link: bool,
    poster: bool,
}

/// A kit for each daily slot, and the posters.
const KITS: &[Kit] = &[
    Kit { title: "早安问候·周一", product: "", pictures: 1, link: false, poster: false },
    Kit { title: "午间分享·纸巾囤货", product: "100012043978", pictures: 2, link: true, poster: false },
    Kit { title: "午间分享·水果", product: "100008348542", pictures: 3, link: false, poster: false },
    Kit { title: "晚间分享·今日好物合集", product: "100012043978", pictures: 3, link: true, poster: false },
    Kit { title: "双12 预热海报文案", product: "100012043978", pictures: 0, link: false, poster: true },
    Kit { title: "进群海报文案", product: "100008348542", pictures: 0, link: false, poster: true },
];

/// A demo picture: a soft two-colour card (no words, so no font is needed),
/// different for each `seed`.
fn card(seed: u8, width: u32, height: u32) -> Result<Vec<u8>, MediaError> {
    let hues: [[u8; 3]; 6] =
        [[255, 183, 77], [129, 199, 132], [100, 181, 246], [240, 98, 146], [255, 138, 101], [149, 117, 205]];
    let [r, g, b] = hues[usize::from(seed) % hues.len()];
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        let t = ((x + y + u32::from(seed) * 97) % (width + height)) as f32 / (width + height) as f32;
        let mix = |c: u8| (f32::from(c) * (1.0 - t * 0.5) + 255.0 * t * 0.5) as u8;
        image::Rgb([mix(r), mix(g), mix(b)])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82)
        .encode_image(&picture)
        .map_err(|e| MediaError::Io(std::io::Error::other(e.to_string())))?;
    Ok(out)
}

/// The parts of the starter titled `title`, its pictures kept as it goes.
async fn parts_for(
    pool: &SqlitePool,
    media: &MediaStore,
    title: &str,
    seed: &mut u8,
    now: EpochSecs,
) -> Result<(String, Parts), MediaError> {
    let Some(kit) = KITS.iter().find(|k| k.title == title) else { return Ok((String::new(), Parts::default())) };
    let mut parts = Vec::new();
    for _ in 0..kit.pictures {
        *seed += 1;
        parts.push(Part::Image { image: media.add(pool, card(*seed, 800, 800)?, now).await?.hash });
    }
    if kit.link {
        parts.push(Part::Link);
    }
    if kit.poster {
        *seed += 1;
        let image = media.add(pool, card(*seed, 750, 1334)?, now).await?.hash;
        parts.push(Part::Poster { image, qr: QrSlot::DEFAULT });
    }
    Ok((kit.product.to_owned(), Parts(parts)))
}

/// Enters the starter library (folders and pictures made as needed), once,
/// into an empty library.
pub async fn enter(pool: &SqlitePool, media: &MediaStore, now: EpochSecs) -> Result<usize, MaterialError> {
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM materials").fetch_one(pool).await?;
    if existing > 0 {
        return Ok(0);
    }
    let mut drafts = Vec::with_capacity(STARTERS.len());
    let mut seed = 0;
    for starter in STARTERS {
        // A demo without its pictures is still a demo: the text goes in.
        let (product, parts) = parts_for(pool, media, starter.title, &mut seed, now).await.unwrap_or_else(|error| {
            tracing::warn!(%error, "a starter picture was not made");
            Default::default()
        });
        drafts.push(MaterialDraft {
            title: starter.title.into(),
            kind: starter.kind,
            body: starter.body.into(),
            notes: String::new(),
            tags: starter.tags.iter().map(|t| (*t).to_owned()).collect(),
            folder_id: folders::ensure_path(pool, starter.folder, now).await?,
            product,
            expires_on: String::new(),
            parts,
        });
    }
    Ok(edit::create_all(pool, &drafts, now).await?.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_starter_library_passes_every_check_and_is_entered_once() {
        let (_dir, store) = crate::store::temp_store().await;
        let media = MediaStore::of(&store);
        assert_eq!(enter(store.pool(), &media, 1_796_112_000).await.expect("entered"), STARTERS.len());
        assert_eq!(enter(store.pool(), &media, 1_796_112_000).await.expect("nothing to do"), 0);
        assert!(KITS.iter().all(|k| STARTERS.iter().any(|s| s.title == k.title)), "every kit names a starter");
        let pictures: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media").fetch_one(store.pool()).await.unwrap();
        assert_eq!(pictures, KITS.iter().map(|k| i64::from(k.pictures) + i64::from(k.poster)).sum::<i64>());
        let linked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM materials WHERE product IS NOT NULL")
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(linked, 5);
        let folders = folders::list(store.pool()).await.expect("folders");
        assert!(folders.iter().any(|f| f.name == "早安" && f.parent_id.is_some()), "nested folders made");
    }
}
