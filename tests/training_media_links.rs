//! Pictures (checked, kept once, thumbnails), kits of parts, her own
//! tracking links (made per group and partner by the sandbox over HTTP,
//! kept, refreshed before expiry, used offline) and packs that carry
//! pictures between two stores.

mod common;

use common::{config, World, NOW};
use std::collections::HashMap;
use std::io::Cursor;
use tuanzhang::links::{self, LinkError, LinkTarget};
use tuanzhang::materials::copy::fill_for;
use tuanzhang::materials::packs::import::{self, Resolution};
use tuanzhang::materials::packs::write::{self, Selection};
use tuanzhang::materials::packs::{read, PackError};
use tuanzhang::materials::variables::{Filled, Values};
use tuanzhang::materials::{edit, folders, MaterialDraft, Part, Parts};
use tuanzhang::media::MediaStore;
use tuanzhang::media::{ImageFormat, MediaError, MediaHash};
use tuanzhang::model::{BizDay, GroupId, MaterialKind, PartnerId};
use tuanzhang::store::atomic::Existing;
use tuanzhang::store::Store;

const DAY: i64 = 86_400;

fn picture(format: image::ImageFormat, width: u32, height: u32, shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([shade, (x % 256) as u8, (y % 256) as u8]));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, format).expect("encodes");
    out.into_inner()
}

fn kit(title: &str, body: &str, parts: Vec<Part>) -> MaterialDraft {
    MaterialDraft {
        title: title.into(),
        kind: MaterialKind::DailyKit,
        body: body.into(),
        notes: String::new(),
        tags: vec!["早安".into()],
        folder_id: None,
        product: "100012043978".into(),
        expires_on: String::new(),
        parts: Parts(parts),
    }
}

#[tokio::test]
async fn a_picture_is_checked_kept_once_with_a_thumbnail_and_refused_with_its_reason() {
    let (_dir, store) = common::empty_store().await;
    let media = MediaStore::of(&store);
    let png = picture(image::ImageFormat::Png, 800, 600, 10);
    let first = media.add(store.pool(), png.clone(), NOW).await.expect("a PNG is taken");
    assert_eq!((first.format, first.width, first.height), (ImageFormat::Png, 800, 600));
    let again = media.add(store.pool(), png.clone(), NOW + 5).await.expect("the same PNG again");
    assert_eq!(again.hash, first.hash, "kept once, by its SHA-256");
    assert_eq!(media.read(store.pool(), &first.hash).await.unwrap().1, png, "the original is untouched");
    let thumb = image::load_from_memory(&media.read_thumbnail(&first.hash).await.unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (240, 180));
    for format in [image::ImageFormat::Jpeg, image::ImageFormat::Gif, image::ImageFormat::WebP] {
        media.add(store.pool(), picture(format, 40, 30, 99), NOW).await.unwrap_or_else(|e| panic!("{format:?}: {e}"));
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media").fetch_one(store.pool()).await.unwrap();
    assert_eq!(count, 4);

    let text_named_png = b"<script>alert(1)</script> not a picture".to_vec();
    assert!(matches!(media.add(store.pool(), text_named_png, NOW).await, Err(MediaError::NotAnImage)));
    let mut cut = png.clone();
    cut.truncate(png.len() / 2);
    assert!(matches!(media.add(store.pool(), cut, NOW).await, Err(MediaError::Corrupt { .. })));
    let mut huge = b"\x89PNG\r\n\x1a\n".to_vec();
    huge.resize(10 * 1024 * 1024 + 1, 0);
    let error = media.add(store.pool(), huge, NOW).await.unwrap_err();
    assert!(matches!(error, MediaError::TooLarge { .. }));
    assert_eq!(error.message().key, "media.tooLarge");
    // A header claiming 100,000 × 100,000 pixels is refused before any of it is allocated.
    let mut bomb = picture(image::ImageFormat::Png, 1, 1, 0);
    bomb[16..24].copy_from_slice(&[0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0]);
    assert!(matches!(
        media.add(store.pool(), bomb, NOW).await,
        Err(MediaError::TooManyPixels { .. } | MediaError::Corrupt { .. })
    ));
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM media").fetch_one(store.pool()).await.unwrap();
    assert_eq!(count, 4, "nothing refused was kept");
}

#[tokio::test]
async fn a_kit_keeps_its_parts_in_order_through_versions_and_refuses_what_it_cannot_post() {
    let (_dir, store) = common::empty_store().await;
    let media = MediaStore::of(&store);
    let mut images = Vec::new();
    for shade in 0..10u8 {
        let info = media.add(store.pool(), picture(image::ImageFormat::Png, 20, 20, shade), NOW).await.unwrap();
        images.push(Part::Image { image: info.hash });
    }
    let parts = vec![images[1].clone(), Part::Text { text: "第二段：{链接}".into() }, images[0].clone(), Part::Link];
    let made = edit::create(store.pool(), &kit("早安问候", "早上好{群名}的家人们", parts.clone()), NOW).await.unwrap();
    assert_eq!(made.parts.0, parts, "in the order given");
    let mut changed = kit("早安问候", "早上好", vec![images[2].clone()]);
    changed.tags = vec![];
    let updated = edit::update(store.pool(), made.id, made.revision, &changed, NOW + 60).await.unwrap();
    assert_eq!(updated.parts.0.len(), 1);
    let back = tuanzhang::materials::versions::bring_back(store.pool(), made.id, 1, updated.revision, NOW + 120)
        .await
        .unwrap();
    assert_eq!(back.parts.0, parts, "a version brings its parts back");

    let ten = kit("十张图", "太多了", images.clone());
    let refused = edit::create(store.pool(), &ten, NOW).await.unwrap_err();
    assert!(matches!(refused, tuanzhang::model::FormError::Invalid { field: "parts", .. }), "{refused}");
    let stranger = MediaHash::of(b"never added");
    let missing = kit("缺图", "图不在", vec![Part::Image { image: stranger }]);
    assert!(matches!(
        edit::create(store.pool(), &missing, NOW).await,
        Err(tuanzhang::model::FormError::Invalid { field: "parts", .. })
    ));
    let bad_var = kit("坏变量", "好", vec![Part::Text { text: "{倒计时:明天}".into() }]);
    assert!(matches!(
        edit::create(store.pool(), &bad_var, NOW).await,
        Err(tuanzhang::model::FormError::Invalid { field: "parts", .. })
    ));
    let found = tuanzhang::materials::search::search(store.pool(), "第二段", BizDay::of(NOW)).await.unwrap();
    assert_eq!(found.hits.len(), 1, "text parts are searched too");
}

async fn bound_group(store: &Store, name: &str, position: i64) -> GroupId {
    GroupId(
        sqlx::query_scalar(
            "INSERT INTO groups (name, kind, position_id, created_at) VALUES (?1, 'sales', ?2, 0) RETURNING id",
        )
        .bind(name)
        .bind(position)
        .fetch_one(store.pool())
        .await
        .unwrap(),
    )
}

async fn partner_with(store: &Store, name: &str, sub_union_id: Option<&str>) -> PartnerId {
    PartnerId(
        sqlx::query_scalar(
            "INSERT INTO partners (name, role, sub_union_id, created_at) VALUES (?1, 'member', ?2, 0) RETURNING id",
        )
        .bind(name)
        .bind(sub_union_id)
        .fetch_one(store.pool())
        .await
        .unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_group_and_partner_gets_its_own_link_kept_refreshed_before_expiry_and_used_offline() {
    let world = World::new(config(31, 5, NOW)).await;
    let pool = world.store.pool();
    let client = world.client();
    let one = bound_group(&world.store, "宝妈好物1群", 3_001_000_101).await;
    let two = bound_group(&world.store, "宝妈好物2群", 3_001_000_102).await;
    let xiaoyu = partner_with(&world.store, "小雨", Some("p_xiaoyu")).await;
    let product = "100012043978";

    let a = links::link_for(pool, Some(&client), product, LinkTarget::Group(one), NOW).await.unwrap();
    let b = links::link_for(pool, Some(&client), product, LinkTarget::Group(two), NOW).await.unwrap();
    let p = links::link_for(pool, Some(&client), product, LinkTarget::Partner(xiaoyu), NOW).await.unwrap();
    assert!(a.url.starts_with("https://u.jd.com/"), "{a:?}");
    assert_ne!(a.url, b.url, "a link per group");
    assert_ne!(a.url, p.url, "and per partner");
    let expires = a.expires_at.expect("a short link expires");
    assert!((expires - (NOW + 60 * DAY)).abs() < 3_600, "60 days from the platform's now");

    // Kept: asked again with no way to reach the platform, the same link comes back.
    let kept = links::link_for(pool, None, product, LinkTarget::Group(one), NOW + DAY).await.unwrap();
    assert_eq!((kept.url.as_str(), kept.from_cache), (a.url.as_str(), false));
    // Past its expiry and offline: the long link, which does not expire.
    let late = links::link_for(pool, None, product, LinkTarget::Group(one), NOW + 61 * DAY).await.unwrap();
    assert!(late.url.starts_with("https://union-click.jd.com/") && late.from_cache && late.expires_at.is_none());
    // Within a week of expiry, a sync's refresh makes it anew.
    world.advance_minutes(55 * 24 * 60).await;
    let next_run = world.client();
    let refreshed = links::refresh_due(pool, &next_run, NOW + 55 * DAY).await.unwrap();
    assert_eq!((refreshed.made, refreshed.refused.len()), (3, 0));
    let renewed: i64 = sqlx::query_scalar("SELECT MIN(expires_at) FROM promotion_links").fetch_one(pool).await.unwrap();
    assert!(renewed > NOW + 100 * DAY, "renewed links run 60 days from the refresh");

    let nobody = partner_with(&world.store, "没有子账号", None).await;
    let unbound = GroupId(common::seed_group(&world.store, "未绑定群").await);
    assert!(matches!(
        links::link_for(pool, Some(&client), product, LinkTarget::Partner(nobody), NOW).await,
        Err(LinkError::NoSubUnionId)
    ));
    assert!(matches!(
        links::link_for(pool, Some(&client), product, LinkTarget::Group(unbound), NOW).await,
        Err(LinkError::NoPosition)
    ));
    let hostile = partner_with(&world.store, "坏子账号", Some("有 空格")).await;
    assert!(links::link_for(pool, Some(&client), product, LinkTarget::Partner(hostile), NOW).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_the_platform_refuses_to_renew_is_set_aside_and_the_others_are_renewed() {
    let world = World::new(config(33, 5, NOW)).await;
    let pool = world.store.pool();
    let client = world.client();
    let one = bound_group(&world.store, "宝妈好物1群", 3_001_000_101).await;
    let two = bound_group(&world.store, "宝妈好物2群", 3_001_000_102).await;
    for group in [one, two] {
        links::link_for(pool, Some(&client), "100012043978", LinkTarget::Group(group), NOW).await.unwrap();
    }
    // A product the platform no longer makes links for (taken off sale),
    // kept from before and due first: the platform refuses it every time.
    sqlx::query(
        "INSERT INTO promotion_links (product, target, target_id, position_id, sub_union_id, short_url, click_url,
             made_at, expires_at)
         VALUES ('https://shop.example/gone.html', 'group', ?1, 3001000101, NULL, 'https://u.jd.com/gone',
             'https://union-click.jd.com/gone', ?2, ?3)",
    )
    .bind(one.0)
    .bind(NOW - 50 * DAY)
    .bind(NOW + 10 * DAY)
    .execute(pool)
    .await
    .unwrap();

    world.advance_minutes(55 * 24 * 60).await;
    let refreshed = links::refresh_due(pool, &world.client(), NOW + 55 * DAY).await.unwrap();
    assert_eq!(refreshed.made, 2, "the others are renewed");
    let refused: Vec<(&str, LinkTarget)> = refreshed.refused.iter().map(|r| (r.product.as_str(), r.target)).collect();
    assert_eq!(refused, [("https://shop.example/gone.html", LinkTarget::Group(one))]);
    assert!(matches!(refreshed.refused[0].error, LinkError::Platform(_)));
    let kept: i64 = sqlx::query_scalar("SELECT expires_at FROM promotion_links WHERE product LIKE '%gone%'")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(kept, NOW + 10 * DAY, "the refused link is kept as it was, to be tried again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_for_a_group_fills_its_name_and_its_own_link_and_asks_when_no_link_can_be_found() {
    let world = World::new(config(32, 5, NOW)).await;
    let pool = world.store.pool();
    let client = world.client();
    let group = bound_group(&world.store, "宝妈好物1群", 3_001_000_101).await;
    let material =
        edit::create(pool, &kit("早安", "早上好{群名}！", vec![Part::Text { text: "抢：{链接}".into() }]), NOW)
            .await
            .unwrap();
    let copied = fill_for(
        pool,
        Some(&client),
        &material,
        Some(LinkTarget::Group(group)),
        Values::default(),
        (BizDay::of(NOW), NOW),
    )
    .await
    .unwrap();
    let link = links::link_for(pool, None, "100012043978", LinkTarget::Group(group), NOW).await.unwrap();
    assert_eq!(copied[0].filled, Filled::Ready { text: "早上好宝妈好物1群！".into() });
    assert_eq!(copied[1].filled, Filled::Ready { text: format!("抢：{}", link.url) });

    let (_dir, offline_store) = common::empty_store().await;
    let offline_material = edit::create(offline_store.pool(), &kit("早安", "{链接}", vec![]), NOW).await.unwrap();
    let asked =
        fill_for(offline_store.pool(), None, &offline_material, None, Values::default(), (BizDay::of(NOW), NOW))
            .await
            .unwrap();
    assert!(matches!(&asked[0].filled, Filled::Needs { variables } if variables.len() == 1));
    assert!(asked[0].link_problem.is_some(), "she is told why the link is asked for");
    let too_long = Values { nickname: Some("长".repeat(501)), ..Values::default() };
    assert!(fill_for(offline_store.pool(), None, &offline_material, None, too_long, (BizDay::of(NOW), NOW))
        .await
        .is_err());
}

#[tokio::test]
async fn a_pack_carries_its_pictures_once_and_refuses_a_picture_that_is_not_one() {
    let (_a_dir, a) = common::empty_store().await;
    let (_b_dir, b) = common::empty_store().await;
    let folder = folders::ensure_path(a.pool(), "每日素材", NOW).await.unwrap();
    let one = MediaStore::of(&a).add(a.pool(), picture(image::ImageFormat::Jpeg, 64, 48, 1), NOW).await.unwrap();
    let two = MediaStore::of(&a).add(a.pool(), picture(image::ImageFormat::Png, 64, 48, 2), NOW).await.unwrap();
    for title in ["早安", "午安"] {
        let mut draft =
            kit(title, "好物", vec![Part::Image { image: one.hash.clone() }, Part::Image { image: two.hash.clone() }]);
        draft.folder_id = folder;
        edit::create(a.pool(), &draft, NOW).await.unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("每日素材.tzpack");
    let author = write::Author { name: "王老师", notes: tuanzhang::materials::packs::Notes::Omitted };
    let manifest = write::export(
        a.pool(),
        &MediaStore::of(&a),
        &Selection::Folder(folder.unwrap()),
        author,
        &path,
        Existing::Keep,
        NOW,
    )
    .await
    .unwrap();
    assert_eq!((manifest.counts.materials, manifest.counts.media), (2, 2), "each picture once");
    let bytes = std::fs::read(&path).unwrap();
    let pack = read::open(&bytes).unwrap();
    let tally =
        import::apply(b.pool(), &MediaStore::of(&b), &pack, Resolution::Mine, &HashMap::new(), NOW).await.unwrap();
    assert_eq!(tally.new, 2);
    let (info, original) = MediaStore::of(&b).read(b.pool(), &one.hash).await.unwrap();
    assert_eq!(
        (info.format, original),
        (ImageFormat::Jpeg, MediaStore::of(&a).read(a.pool(), &one.hash).await.unwrap().1)
    );
    let again =
        import::apply(b.pool(), &MediaStore::of(&b), &pack, Resolution::Mine, &HashMap::new(), NOW).await.unwrap();
    assert_eq!((again.new, again.unchanged), (0, 2), "the same pack twice changes nothing");

    // A pack whose picture entry is text with a matching checksum: refused, nothing written.
    let (_c_dir, c) = common::empty_store().await;
    let fake = b"not a picture at all".to_vec();
    let mut forged = pack.clone();
    forged.media = vec![(MediaHash::of(&fake), fake.clone())];
    for m in &mut forged.materials {
        m.parts = Parts(vec![Part::Image { image: MediaHash::of(&fake) }]);
    }
    let refused = import::apply(c.pool(), &MediaStore::of(&c), &forged, Resolution::Mine, &HashMap::new(), NOW).await;
    assert!(matches!(refused, Err(PackError::Refused(ref m)) if m.key == "pack.badMedia"), "{refused:?}");
    let materials: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM materials").fetch_one(c.pool()).await.unwrap();
    assert_eq!(materials, 0);
}

#[tokio::test]
async fn a_poster_gets_the_qr_code_of_her_link_in_its_slot_and_a_kit_its_pictures_in_order() {
    use tuanzhang::materials::parts::QrSlot;
    use tuanzhang::materials::posters::{draw, PosterError};
    let background = picture(image::ImageFormat::Jpeg, 750, 1334, 200);
    let slot = QrSlot { x: 600, y: 900, size: 300 };
    let png = draw(&background, ImageFormat::Jpeg, slot, "https://u.jd.com/AbC12xY").unwrap();
    let poster = image::load_from_memory(&png).unwrap().to_rgb8();
    assert_eq!(poster.dimensions(), (750, 1334), "the poster keeps its size");
    let side = 750 * 300 / 1000;
    // 900‰ down would cut the square: it is moved up to end at the bottom edge.
    let (left, top) = (750 * 600 / 1000, 1334 - side);
    let in_slot: Vec<u8> = (0..side).map(|d| poster.get_pixel(left + d, top + side / 2)[0]).collect();
    assert!(in_slot.contains(&0) && in_slot.contains(&255), "dark and light modules across the slot");
    assert_eq!(poster.get_pixel(left + 2, top + 2)[0], 255, "a quiet zone around the code");
    assert_ne!(poster.get_pixel(10, 10)[0], 0, "outside the slot the poster is as it was");
    let tiny = QrSlot { x: 0, y: 0, size: 50 };
    let small = picture(image::ImageFormat::Png, 200, 200, 0);
    assert!(matches!(
        draw(&small, ImageFormat::Png, tiny, "https://u.jd.com/x"),
        Err(PosterError::SlotTooSmall { .. })
    ));

    let (_dir, store) = common::empty_store().await;
    let media = MediaStore::of(&store);
    let jpeg = media.add(store.pool(), picture(image::ImageFormat::Jpeg, 30, 30, 1), NOW).await.unwrap();
    let png = media.add(store.pool(), picture(image::ImageFormat::Png, 30, 30, 2), NOW).await.unwrap();
    let parts = vec![
        Part::Image { image: png.hash.clone() },
        Part::Text { text: "中间".into() },
        Part::Image { image: jpeg.hash.clone() },
    ];
    let material = edit::create(store.pool(), &kit("午间/好物", "好物", parts), NOW).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let folder =
        tuanzhang::materials::picture_folder::save_in_order(store.pool(), &media, &material, out.path()).await.unwrap();
    assert_eq!(folder.file_name().unwrap(), "午间_好物");
    let (png, jpeg) =
        (media.read(store.pool(), &png.hash).await.unwrap(), media.read(store.pool(), &jpeg.hash).await.unwrap());
    assert_eq!(std::fs::read(folder.join("1.png")).unwrap(), png.1, "saved in the clear");
    assert_eq!(std::fs::read(folder.join("2.jpg")).unwrap(), jpeg.1);
    let again =
        tuanzhang::materials::picture_folder::save_in_order(store.pool(), &media, &material, out.path()).await.unwrap();
    assert_eq!(again.file_name().unwrap(), "午间_好物 (2)", "an earlier save is never written over");
}
