//! Pictures are encrypted at rest like the store: the files on disk do not
//! show them, only the store's key reads them back, a file moved under
//! another picture's name is refused, and plain files an earlier version
//! kept are read and then sealed.

mod common;

use common::NOW;
use std::io::Cursor;
use std::path::Path;
use std::time::Duration;
use tuanzhang::media::{ImageInfo, MediaError, MediaStore};
use tuanzhang::store::Store;
use tuanzhang::upkeep;

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG_START: &[u8] = &[0xFF, 0xD8, 0xFF];

fn png(width: u32, height: u32, shade: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([shade, (x % 256) as u8, (y % 256) as u8]));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img).write_to(&mut out, image::ImageFormat::Png).expect("encodes");
    out.into_inner()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn refused(result: Result<impl std::fmt::Debug, MediaError>) {
    match result {
        Err(error @ MediaError::Unreadable) => assert_eq!(error.message().key, "media.unreadable"),
        other => panic!("expected the picture to be refused as unreadable, got {other:?}"),
    }
}

/// Puts the picture back on disk as an earlier version kept it: its bytes
/// and thumbnail in the clear.
async fn as_earlier_version(store: &Store, info: &ImageInfo) -> (Vec<u8>, Vec<u8>) {
    let media = MediaStore::of(store);
    let (_, original) = media.read(store.pool(), &info.hash).await.unwrap();
    let thumbnail = media.read_thumbnail(&info.hash).await.unwrap();
    std::fs::write(media.original(info), &original).unwrap();
    std::fs::write(media.thumbnail(&info.hash), &thumbnail).unwrap();
    (original, thumbnail)
}

fn is_sealed(path: &Path) -> bool {
    std::fs::read(path).unwrap().starts_with(b"TZM1")
}

#[tokio::test]
async fn a_picture_is_sealed_on_disk_and_reads_back_through_the_store() {
    let (_dir, store) = common::empty_store().await;
    let media = MediaStore::of(&store);
    let picture = png(320, 200, 7);
    let info = media.add(store.pool(), picture.clone(), NOW).await.unwrap();

    let on_disk = std::fs::read(media.original(&info)).unwrap();
    assert!(on_disk.starts_with(b"TZM1"), "sealed, with the marker");
    assert!(!contains(&on_disk, PNG_SIGNATURE), "no PNG can be seen in the file");
    assert!(!contains(&on_disk, &picture[picture.len() - 64..]), "nor any of its bytes");
    let thumb_on_disk = std::fs::read(media.thumbnail(&info.hash)).unwrap();
    assert!(thumb_on_disk.starts_with(b"TZM1") && !contains(&thumb_on_disk, JPEG_START));

    assert_eq!(media.read(store.pool(), &info.hash).await.unwrap().1, picture, "read back as added");
    let thumbnail = image::load_from_memory(&media.read_thumbnail(&info.hash).await.unwrap()).unwrap();
    assert_eq!((thumbnail.width(), thumbnail.height()), (240, 150));
}

#[tokio::test]
async fn a_file_moved_under_another_pictures_name_is_refused() {
    let (_dir, store) = common::empty_store().await;
    let media = MediaStore::of(&store);
    let one = media.add(store.pool(), png(40, 30, 1), NOW).await.unwrap();
    let two = media.add(store.pool(), png(40, 30, 2), NOW).await.unwrap();
    std::fs::copy(media.original(&one), media.original(&two)).unwrap();
    refused(media.read(store.pool(), &two.hash).await);
    std::fs::copy(media.thumbnail(&one.hash), media.thumbnail(&two.hash)).unwrap();
    refused(media.read_thumbnail(&two.hash).await);
    // An original is not taken for a thumbnail either.
    std::fs::copy(media.original(&one), media.thumbnail(&one.hash)).unwrap();
    refused(media.read_thumbnail(&one.hash).await);
}

#[tokio::test]
async fn only_the_stores_key_reads_its_pictures() {
    let (dir, store) = common::empty_store().await;
    let info = MediaStore::of(&store).add(store.pool(), png(40, 30, 3), NOW).await.unwrap();
    let other =
        tuanzhang::store::StoreKey::load_or_create(&tuanzhang::store::secrets::MemorySecrets::default()).unwrap();
    let stranger = MediaStore::beside(dir.path(), &other);
    refused(stranger.read(store.pool(), &info.hash).await);
    refused(stranger.read_thumbnail(&info.hash).await);
}

#[tokio::test]
async fn a_plain_picture_from_an_earlier_version_is_read_then_sealed() {
    let (_dir, store) = common::empty_store().await;
    let media = MediaStore::of(&store);
    let info = media.add(store.pool(), png(320, 200, 4), NOW).await.unwrap();
    let (original, thumbnail) = as_earlier_version(&store, &info).await;
    assert!(std::fs::read(media.original(&info)).unwrap().starts_with(PNG_SIGNATURE));

    assert_eq!(media.read(store.pool(), &info.hash).await.unwrap().1, original, "a plain file is read");
    assert_eq!(media.read_thumbnail(&info.hash).await.unwrap(), thumbnail);

    media.encrypt_earlier(store.pool()).await.unwrap();
    assert!(is_sealed(&media.original(&info)) && is_sealed(&media.thumbnail(&info.hash)));
    assert_eq!(media.read(store.pool(), &info.hash).await.unwrap().1, original, "and still read, sealed");
    assert_eq!(media.read_thumbnail(&info.hash).await.unwrap(), thumbnail);
    assert_eq!(media.encrypt_earlier(store.pool()).await.unwrap(), 0, "nothing left to seal");
    let stray: Vec<_> = std::fs::read_dir(media.original(&info).parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".partial"))
        .collect();
    assert!(stray.is_empty(), "no stage left behind: {stray:?}");
}

#[tokio::test]
async fn a_changed_plain_picture_is_refused_and_not_sealed() {
    let (_dir, store) = common::empty_store().await;
    let media = MediaStore::of(&store);
    let info = media.add(store.pool(), png(40, 30, 5), NOW).await.unwrap();
    as_earlier_version(&store, &info).await;
    std::fs::write(media.original(&info), png(40, 30, 6)).unwrap();
    refused(media.read(store.pool(), &info.hash).await);
    media.encrypt_earlier(store.pool()).await.unwrap();
    assert!(!is_sealed(&media.original(&info)), "a changed picture is not sealed as if it were hers");
    refused(media.read(store.pool(), &info.hash).await);
}

#[tokio::test]
async fn opening_a_store_for_work_seals_its_earlier_plain_pictures_in_the_background() {
    let dir = tempfile::tempdir().unwrap();
    let key = common::key(dir.path());
    let store = Store::open(dir.path(), &key).await.unwrap();
    let info = MediaStore::of(&store).add(store.pool(), png(40, 30, 8), NOW).await.unwrap();
    let (original, _) = as_earlier_version(&store, &info).await;
    store.close().await;

    let store = upkeep::open_for_work(dir.path(), &key).await.expect("opening does not wait on the pictures");
    let media = MediaStore::of(&store);
    // The sealing runs on its own; wait for it, boundedly.
    for _ in 0..500 {
        if is_sealed(&media.original(&info)) && is_sealed(&media.thumbnail(&info.hash)) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(is_sealed(&media.original(&info)) && is_sealed(&media.thumbnail(&info.hash)));
    assert_eq!(media.read(store.pool(), &info.hash).await.unwrap().1, original);
}
