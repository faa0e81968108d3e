//! Courses: lessons in order, assigned one by one, by tag and to every
//! newcomer; per-partner progress with ticks, sign-offs and checks; the
//! board of who is stuck where; the first-week plan's "first training".

mod common;

use common::{Partner, NOW};
use tuanzhang::courses::progress::{self, Mark};
use tuanzhang::courses::{assign, board, edit, CourseDraft, LessonDraft};
use tuanzhang::materials;
use tuanzhang::media::MediaStore;
use tuanzhang::model::FormError;
use tuanzhang::model::{BizDay, MarkedBy, MaterialId, MaterialKind, OnboardingStep, PartnerId};
use tuanzhang::store::Store;

fn day(text: &str) -> BizDay {
    BizDay::parse(text).expect("a day")
}

async fn lesson(store: &Store, title: &str) -> MaterialId {
    let draft = common::material(MaterialKind::Course, title, &format!("{title} 的内容"));
    materials::edit::create(store.pool(), &draft, NOW).await.expect("a lesson").id
}

async fn three_lessons(store: &Store) -> CourseDraft {
    CourseDraft {
        title: "新人七天训练营".into(),
        lessons: vec![
            LessonDraft { material_id: lesson(store, "第 1 课：认识京东联盟").await, pass_score: None },
            LessonDraft { material_id: lesson(store, "第 2 课：第一次分享").await, pass_score: Some(60) },
            LessonDraft { material_id: lesson(store, "第 3 课：群的节奏").await, pass_score: None },
        ],
        for_newcomers: false,
    }
}

async fn partner(store: &Store, name: &str, joined: BizDay, tags: &[&str]) -> PartnerId {
    let id = Partner::named(name).joined(joined).insert(store).await;
    sqlx::query("UPDATE partners SET tags = ?2 WHERE id = ?1")
        .bind(id)
        .bind(serde_json::to_string(tags).unwrap())
        .execute(store.pool())
        .await
        .unwrap();
    PartnerId(id)
}

const TRAINER: Mark = Mark { marked_by: MarkedBy::Trainer, score: None };
const HERSELF: Mark = Mark { marked_by: MarkedBy::Partner, score: None };

#[tokio::test]
async fn progress_counts_ticks_sign_offs_and_passed_checks_and_the_board_shows_who_is_stuck_where() {
    let (_dir, store) = common::empty_store().await;
    let pool = store.pool();
    let course = edit::create(pool, &three_lessons(&store).await, NOW).await.unwrap();
    let lessons: Vec<MaterialId> = course.lessons.iter().map(|l| l.material_id).collect();
    assert_eq!(course.lessons[1].pass_score, Some(60));
    let xiaoyu = partner(&store, "小雨", day("2026-10-01"), &[]).await;
    let lina = partner(&store, "丽娜", day("2026-10-01"), &["新人"]).await;
    partner(&store, "芳芳", day("2026-10-01"), &["新人", "宝妈"]).await;
    partner(&store, "老王", day("2026-01-01"), &["老伙伴"]).await;
    assert_eq!(assign::partners(pool, course.id, &[xiaoyu], day("2026-11-01")).await.unwrap(), 1);
    assert_eq!(assign::tag(pool, course.id, "新人", day("2026-11-02")).await.unwrap(), 2);
    assert_eq!(assign::tag(pool, course.id, "新人", day("2026-11-03")).await.unwrap(), 0, "assigned once");

    let p = progress::mark(pool, course.id, xiaoyu, lessons[0], HERSELF, day("2026-11-05")).await.unwrap();
    assert_eq!((p.done, p.total, p.percent), (1, 3, 33));
    assert_eq!(p.lessons[0].marked_on.as_deref(), Some("2026-11-05"));
    let failed = Mark { marked_by: MarkedBy::Trainer, score: Some(50) };
    let p = progress::mark(pool, course.id, xiaoyu, lessons[1], failed, day("2026-11-06")).await.unwrap();
    assert_eq!((p.done, p.lessons[1].done, p.lessons[1].score), (1, false, Some(50)), "a failed check is not done");
    let passed = Mark { marked_by: MarkedBy::Trainer, score: Some(80) };
    let p = progress::mark(pool, course.id, xiaoyu, lessons[1], passed, day("2026-11-08")).await.unwrap();
    assert_eq!((p.done, p.percent), (2, 66));
    assert!(matches!(
        progress::mark(pool, course.id, xiaoyu, lessons[1], TRAINER, day("2026-11-08")).await,
        Err(FormError::Invalid { field: "score", .. })
    ));
    progress::mark(pool, course.id, lina, lessons[0], TRAINER, day("2026-11-03")).await.unwrap();

    let rows = board::board(pool, course.id, day("2026-11-20")).await.unwrap();
    let shown: Vec<(&str, u8, Option<&str>, &str, i64)> = rows
        .iter()
        .map(|r| (r.name.as_str(), r.percent, r.at_lesson.as_deref(), r.since.as_str(), r.days_since))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("芳芳", 0, Some("第 1 课：认识京东联盟"), "2026-11-02", 18),
            ("丽娜", 33, Some("第 2 课：第一次分享"), "2026-11-03", 17),
            ("小雨", 66, Some("第 3 课：群的节奏"), "2026-11-08", 12),
        ],
        "the longest stuck first"
    );
    let p = progress::mark(pool, course.id, xiaoyu, lessons[2], HERSELF, day("2026-11-21")).await.unwrap();
    assert_eq!(p.percent, 100);
    let rows = board::board(pool, course.id, day("2026-11-22")).await.unwrap();
    assert_eq!((rows[2].name.as_str(), rows[2].at_lesson.as_deref()), ("小雨", None), "the finished last");
    let p = progress::unmark(pool, course.id, xiaoyu, lessons[2]).await.unwrap();
    assert_eq!(p.percent, 66, "a tick by mistake is taken back");
}

#[tokio::test]
async fn every_newcomer_gets_the_newcomers_course_and_her_first_lesson_ticks_first_training() {
    let (_dir, store) = common::empty_store().await;
    let pool = store.pool();
    let mut draft = three_lessons(&store).await;
    draft.for_newcomers = true;
    // Set for newcomers on NOW's day (2026-11-18): a partner in her first week then is one too.
    let course = edit::create(pool, &draft, NOW).await.unwrap();
    assert!(course.for_newcomers);
    let in_first_week = partner(&store, "新人阿美", day("2026-11-13"), &[]).await;
    let long_ago = partner(&store, "老伙伴", day("2026-10-01"), &[]).await;
    let joins_later = partner(&store, "下周才来", day("2026-11-25"), &[]).await;
    let listed = tuanzhang::courses::list(pool, day("2026-11-20")).await.unwrap();
    assert_eq!(listed[0].assigned, 1, "the list counts today's newcomers before the board is opened");
    let rows = board::board(pool, course.id, day("2026-11-20")).await.unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["新人阿美"], "only newcomers, and only those who have joined by today");
    let later = board::board(pool, course.id, day("2026-11-26")).await.unwrap();
    assert_eq!(later.len(), 2, "one who joins later is assigned then");
    assert!(progress::of_partner_all(pool, long_ago, day("2026-11-26")).await.unwrap().is_empty());
    let hers = progress::of_partner_all(pool, joins_later, day("2026-11-26")).await.unwrap();
    assert_eq!((hers.len(), hers[0].course_title.as_str()), (1, "新人七天训练营"));

    let step = |plan: &[tuanzhang::care::StepStatus]| {
        plan.iter().find(|s| s.step == OnboardingStep::FirstTraining).map(|s| (s.done, s.by_data))
    };
    assert_eq!(step(&tuanzhang::care::plan(pool, in_first_week).await.unwrap()), Some((false, false)));
    progress::mark(pool, course.id, in_first_week, course.lessons[0].material_id, HERSELF, day("2026-11-15"))
        .await
        .unwrap();
    assert_eq!(step(&tuanzhang::care::plan(pool, in_first_week).await.unwrap()), Some((true, true)));
}

#[tokio::test]
async fn a_course_that_cannot_be_taught_is_refused_and_marks_need_an_assignment_and_a_lesson_of_it() {
    let (_dir, store) = common::empty_store().await;
    let pool = store.pool();
    let good = three_lessons(&store).await;
    let refused = |mut change: Box<dyn FnMut(&mut CourseDraft)>| {
        let mut draft = good.clone();
        change(&mut draft);
        draft
    };
    let cases: Vec<(CourseDraft, &str)> = vec![
        (refused(Box::new(|d| d.title = "  ".into())), "title"),
        (refused(Box::new(|d| d.title = "课".repeat(61))), "title"),
        (refused(Box::new(|d| d.lessons.clear())), "lessons"),
        (refused(Box::new(|d| d.lessons.push(d.lessons[0]))), "lessons"),
        (refused(Box::new(|d| d.lessons[0].pass_score = Some(0))), "lessons"),
        (refused(Box::new(|d| d.lessons[0].material_id = MaterialId(9_999))), "lessons"),
    ];
    for (draft, field) in cases {
        match edit::create(pool, &draft, NOW).await {
            Err(FormError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM courses").fetch_one(pool).await.unwrap();
    assert_eq!(count, 0, "nothing half-made");
    let course = edit::create(pool, &good, NOW).await.unwrap();
    let stranger = partner(&store, "没分配", day("2026-11-01"), &[]).await;
    let first = course.lessons[0].material_id;
    assert!(matches!(
        progress::mark(pool, course.id, stranger, first, HERSELF, day("2026-11-02")).await,
        Err(FormError::Invalid { field: "partner", .. })
    ));
    assign::partners(pool, course.id, &[stranger], day("2026-11-02")).await.unwrap();
    let other = lesson(&store, "别的课").await;
    assert!(matches!(
        progress::mark(pool, course.id, stranger, other, HERSELF, day("2026-11-02")).await,
        Err(FormError::Invalid { field: "lesson", .. })
    ));
    let scored = Mark { marked_by: MarkedBy::Trainer, score: Some(101) };
    assert!(progress::mark(pool, course.id, stranger, course.lessons[1].material_id, scored, day("2026-11-02"))
        .await
        .is_err());
}

#[tokio::test]
async fn a_course_travels_in_a_pack_with_its_lessons_and_never_with_who_takes_it() {
    use std::collections::HashMap;
    use std::io::Write;
    use tuanzhang::materials::packs::import::{self, ItemState, Resolution};
    use tuanzhang::materials::packs::write::{self, Selection};
    use tuanzhang::materials::packs::{read, sha256_hex, PackError};
    use tuanzhang::store::atomic::Existing;

    let (_a_dir, a) = common::empty_store().await;
    let (_b_dir, b) = common::empty_store().await;
    let course = edit::create(a.pool(), &three_lessons(&a).await, NOW).await.unwrap();
    lesson(&a, "不在课程里的素材").await;
    let xiaoyu = partner(&a, "小雨", day("2026-11-01"), &[]).await;
    assign::partners(a.pool(), course.id, &[xiaoyu], day("2026-11-02")).await.unwrap();
    progress::mark(a.pool(), course.id, xiaoyu, course.lessons[0].material_id, HERSELF, day("2026-11-03"))
        .await
        .unwrap();
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("训练营.tzpack");
    let export = |path: std::path::PathBuf, now: i64| {
        let a = a.clone();
        async move {
            let author = write::Author { name: "王老师", notes: tuanzhang::materials::packs::Notes::Omitted };
            write::export(
                a.pool(),
                &MediaStore::of(&a),
                &Selection::Course(course.id),
                author,
                &path,
                Existing::Replace,
                now,
            )
            .await
            .unwrap();
            std::fs::read(&path).unwrap()
        }
    };
    let bytes = export(path.clone(), NOW).await;
    assert!(!String::from_utf8_lossy(&bytes).contains("小雨"), "who takes it stays here");
    let pack = read::open(&bytes).unwrap();
    assert_eq!((pack.manifest.counts.materials, pack.manifest.counts.courses), (3, 1), "its lessons only");
    let plan = import::plan(b.pool(), &pack).await.unwrap();
    assert_eq!(plan.courses[0].state, ItemState::New);
    let tally =
        import::apply(b.pool(), &MediaStore::of(&b), &pack, Resolution::Mine, &HashMap::new(), NOW).await.unwrap();
    assert_eq!((tally.new, tally.courses), (3, 1));
    let theirs = &tuanzhang::courses::list(b.pool(), day("2026-11-20")).await.unwrap()[0];
    assert_eq!(theirs.uid, course.uid, "the same course on both laptops");
    let titles: Vec<&str> = theirs.lessons.iter().map(|l| l.title.as_str()).collect();
    assert_eq!(titles, ["第 1 课：认识京东联盟", "第 2 课：第一次分享", "第 3 课：群的节奏"]);
    assert_eq!((theirs.lessons[1].pass_score, theirs.assigned, theirs.for_newcomers), (Some(60), 0, false));
    let again =
        import::apply(b.pool(), &MediaStore::of(&b), &pack, Resolution::Mine, &HashMap::new(), NOW).await.unwrap();
    assert_eq!((again.new, again.courses), (0, 0), "the same pack twice changes nothing");

    // Her own newcomer takes it on her laptop; the author's next version keeps that.
    let amei = partner(&b, "阿美", day("2026-11-01"), &[]).await;
    assign::partners(b.pool(), theirs.id, &[amei], day("2026-11-02")).await.unwrap();
    let mut renamed = three_lessons(&a).await;
    renamed.title = "新人七天训练营（第二期）".into();
    renamed.lessons = course
        .lessons
        .iter()
        .rev()
        .map(|l| LessonDraft { material_id: l.material_id, pass_score: l.pass_score })
        .collect();
    edit::update(a.pool(), course.id, &renamed, NOW + 60).await.unwrap();
    let v2 = read::open(&export(out.path().join("v2.tzpack"), NOW + 120).await).unwrap();
    assert_eq!(import::plan(b.pool(), &v2).await.unwrap().courses[0].state, ItemState::Updated);
    let tally =
        import::apply(b.pool(), &MediaStore::of(&b), &v2, Resolution::Mine, &HashMap::new(), NOW).await.unwrap();
    assert_eq!(tally.courses, 1);
    let updated = &tuanzhang::courses::list(b.pool(), day("2026-11-20")).await.unwrap()[0];
    assert_eq!(
        (updated.title.as_str(), updated.lessons[0].title.as_str()),
        ("新人七天训练营（第二期）", "第 3 课：群的节奏")
    );
    assert_eq!(updated.assigned, 1, "her assignment is kept");

    // A course naming a lesson the pack does not carry cannot be taught: refused.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        entries.push((entry.name().unwrap().to_string(), data));
    }
    let courses = entries.iter_mut().find(|(n, _)| n == "courses.json").unwrap();
    let mut json: serde_json::Value = serde_json::from_slice(&courses.1).unwrap();
    json[0]["lessons"][0]["material_uid"] = "f".repeat(32).into();
    courses.1 = serde_json::to_vec(&json).unwrap();
    let courses_sha = sha256_hex(&courses.1);
    let manifest = entries.iter_mut().find(|(n, _)| n == "manifest.json").unwrap();
    let mut m: serde_json::Value = serde_json::from_slice(&manifest.1).unwrap();
    for e in m["entries"].as_array_mut().unwrap() {
        if e["path"] == "courses.json" {
            e["sha256"] = courses_sha.clone().into();
        }
    }
    manifest.1 = serde_json::to_vec(&m).unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in &entries {
        zip.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(data).unwrap();
    }
    let forged = zip.finish().unwrap().into_inner();
    match read::open(&forged) {
        Err(PackError::Refused(message)) => assert_eq!(message.key, "pack.missingEntry"),
        other => panic!("{:?}", other.map(|p| p.manifest)),
    }
}
