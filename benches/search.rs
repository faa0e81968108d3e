//! Library search benchmark: 100,000 materials of daily-kit length, queried
//! with one-, two- and four-character Chinese words, Latin and digits, and
//! pinyin initials (target: p95 at most 20 ms), against a `LIKE` scan of the
//! same materials in the same run (the newest 50 that contain the text, as a
//! list without an index would find them).
//! `cargo bench -p tuanzhang --bench search`; `TUANZHANG_BENCH_MATERIALS`
//! changes the size.

use std::time::Instant;
use tuanzhang::materials::{edit, search, MaterialDraft};
use tuanzhang::model::{BizDay, MaterialKind};
use tuanzhang::store::{Store, StoreKey};

/// Words a trainer's material is made of, and that she searches for.
const WORDS: &[&str] = &[
    "团长",
    "红包",
    "面膜",
    "早安",
    "晚安",
    "秒杀",
    "拼团",
    "优惠券",
    "限时",
    "爆款",
    "包邮",
    "好物",
    "分享",
    "新人",
    "培训",
    "裂变",
    "社群",
    "直播",
    "返佣",
    "京东",
    "自营",
    "正品",
    "下单",
    "链接",
    "补贴",
    "满减",
    "双11",
    "双12",
    "年货",
    "零食",
    "纸巾",
    "洗衣液",
    "牛奶",
    "水果",
    "iPhone15",
    "VIP",
    "618",
    "3C",
    "宝妈",
    "福利",
    "抽奖",
    "打卡",
];

/// Common characters for the rest of the text.
const FILLER: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理";

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn text(rng: &mut Rng, filler: &[char], chars: usize) -> String {
    let mut out = String::new();
    while out.chars().count() < chars {
        match rng.below(10) {
            0..=1 => out.push_str(WORDS[rng.below(WORDS.len())]),
            2 => out.push_str(["，", "。", "！", "\n", "🎉", " "][rng.below(6)]),
            _ => out.push(filler[rng.below(filler.len())]),
        }
    }
    out
}

fn drafts(count: usize) -> Vec<MaterialDraft> {
    let filler: Vec<char> = FILLER.chars().collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let kinds = [MaterialKind::Script, MaterialKind::DailyKit, MaterialKind::Campaign, MaterialKind::ProductIntro];
    (0..count)
        .map(|_| {
            let (title_chars, body_chars) = (6 + rng.below(10), 80 + rng.below(160));
            MaterialDraft {
                title: text(&mut rng, &filler, title_chars),
                kind: kinds[rng.below(kinds.len())],
                body: text(&mut rng, &filler, body_chars),
                notes: String::new(),
                tags: vec![WORDS[rng.below(WORDS.len())].to_owned()],
                folder_id: None,
                product: String::new(),
                expires_on: String::new(),
                parts: Default::default(),
            }
        })
        .collect()
}

const QUERIES: &[&str] = &[
    "团",
    "红",
    "红包",
    "面膜",
    "团长",
    "元气",
    "优惠券",
    "限时秒杀",
    "拼团包邮",
    "vip",
    "iphone15",
    "618",
    "hb",
    "tz",
];

fn p95(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[(times.len() * 95 / 100).min(times.len() - 1)]
}

async fn like_scan(store: &Store, query: &str) -> usize {
    let pattern = format!("%{query}%");
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT m.id FROM materials m
         WHERE m.archived_at IS NULL
           AND (m.title LIKE ?1 OR m.body LIKE ?1
                OR EXISTS (SELECT 1 FROM material_tags t WHERE t.material_id = m.id AND t.tag LIKE ?1))
         ORDER BY m.updated_at DESC, m.id DESC LIMIT 50",
    )
    .bind(pattern)
    .fetch_all(store.pool())
    .await
    .expect("the LIKE scan runs");
    ids.len()
}

#[tokio::main]
async fn main() {
    let count = std::env::var("TUANZHANG_BENCH_MATERIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let key = StoreKey::load_or_create(&tuanzhang::store::secrets::MemorySecrets::default()).expect("key");
    let store = Store::open(dir.path(), &key).await.expect("store");
    let started = Instant::now();
    let all = drafts(count);
    for chunk in all.chunks(5_000) {
        edit::create_all(store.pool(), chunk, 1_796_112_000).await.expect("materials saved");
    }
    println!("search: {count} materials saved and indexed in {:.1} s", started.elapsed().as_secs_f64());
    let today = BizDay::of(1_796_112_000);
    // A LIKE scan of a word no title holds reads the whole library (seconds): fewer rounds of it.
    const ROUNDS: usize = 20;
    const LIKE_ROUNDS: usize = 5;
    let (mut ours, mut like) = (Vec::new(), Vec::new());
    for query in QUERIES {
        search::search(store.pool(), query, today).await.expect("warm");
        let (mut q_ours, mut q_like) = (Vec::new(), Vec::new());
        let mut hits = 0;
        for _ in 0..ROUNDS {
            let t = Instant::now();
            hits = search::search(store.pool(), query, today).await.expect("search").hits.len();
            q_ours.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        for _ in 0..LIKE_ROUNDS {
            let t = Instant::now();
            like_scan(&store, query).await;
            q_like.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        println!(
            "  {query:<10} {hits:>3} hits   search p95 {:>7.2} ms   LIKE p95 {:>7.2} ms",
            p95(q_ours.clone()),
            p95(q_like.clone())
        );
        ours.extend(q_ours);
        like.extend(q_like);
    }
    let (ours, like) = (p95(ours), p95(like));
    println!(
        "  all queries: search p95 {ours:.2} ms (target ≤ 20 ms), LIKE p95 {like:.2} ms ({:.1}x the search)",
        like / ours
    );
    store.close().await;
}
