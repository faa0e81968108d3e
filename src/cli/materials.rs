//! `tuanzhang materials …`: the training library from a terminal, through
//! the same engine as the window.

use clap::Subcommand;
use sqlx::SqlitePool;
use std::path::PathBuf;
use tuanzhang::materials::{self, folders, search, MaterialDraft, Part, Parts};
use tuanzhang::media::{MediaStore, MAX_IMAGE_BYTES};
use tuanzhang::model::{BizDay, EpochSecs, MaterialKind};

#[derive(Subcommand)]
pub enum MaterialsCommand {
    /// Add one material; prints its id.
    Add {
        #[arg(long)]
        title: String,
        /// script, daily_kit, poster, course, campaign, product_intro, brand, income_model or fission.
        #[arg(long)]
        kind: MaterialKind,
        /// The text as it should paste into WeChat, from a UTF-8 file.
        #[arg(long, conflicts_with = "body")]
        body_file: Option<PathBuf>,
        /// The text itself.
        #[arg(long)]
        body: Option<String>,
        #[arg(long = "tag")]
        tags: Vec<String>,
        /// A folder path such as 培训/新人 (made where missing).
        #[arg(long)]
        folder: Option<String>,
        #[arg(long, default_value = "")]
        notes: String,
        /// A JD goods URL or SKU id.
        #[arg(long, default_value = "")]
        product: String,
        /// yyyy-MM-dd after which the copy is out of date.
        #[arg(long, default_value = "")]
        expires_on: String,
        /// A PNG, JPEG, WebP or GIF (at most 10 MB) shown after the text, in the order given; at most nine.
        #[arg(long = "image")]
        images: Vec<PathBuf>,
    },
    /// Search titles, bodies, tags and folders (one- and two-character words too).
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
}

/// A body file larger than this is no body (the form's cap is in characters; four bytes each at most).
const MAX_BODY_FILE_BYTES: u64 = (materials::parts::MAX_BODY_CHARS as u64) * 4;

pub async fn run(
    command: MaterialsCommand,
    pool: &SqlitePool,
    media: &MediaStore,
    now: EpochSecs,
) -> Result<(), Box<dyn std::error::Error>> {
    match command {
        MaterialsCommand::Add { title, kind, body_file, body, tags, folder, notes, product, expires_on, images } => {
            let body = match (body_file, body) {
                (Some(file), _) => read_body(&file)?,
                (None, Some(body)) => body,
                (None, None) => String::new(),
            };
            let folder_id = match folder {
                Some(path) => folders::ensure_path(pool, &path, now).await?,
                None => None,
            };
            let mut parts = Vec::with_capacity(images.len());
            for file in &images {
                let info = media.add(pool, read_image(file)?, now).await.map_err(|e| {
                    format!("{}: {}", file.display(), e.message().render(tuanzhang::model::Lang::from_env()))
                })?;
                parts.push(Part::Image { image: info.hash });
            }
            let parts = Parts(parts);
            let draft = MaterialDraft { title, kind, body, notes, tags, folder_id, product, expires_on, parts };
            let material = materials::edit::create(pool, &draft, now).await?;
            println!("{}\t{}", material.id, material.title);
            Ok(())
        }
        MaterialsCommand::Search { query, json } => {
            let found = search::search(pool, &query, BizDay::of(now)).await?;
            if json {
                println!("{}", serde_json::to_string(&found)?);
                return Ok(());
            }
            for hit in &found.hits {
                let expired = if hit.material.expired { "\t(已过期 expired)" } else { "" };
                println!("{}\t{}\t{}{expired}", hit.material.id, hit.material.kind.as_str(), hit.material.title);
            }
            let more = if found.more { " (more: narrow the query)" } else { "" };
            eprintln!("{} found{more}", found.hits.len());
            Ok(())
        }
    }
}

/// The file's bytes, read no further than a picture may be.
fn read_image(file: &std::path::Path) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    use std::io::Read;
    let opened = std::fs::File::open(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut bytes = Vec::new();
    opened.take(MAX_IMAGE_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(bytes)
}

fn read_body(file: &std::path::Path) -> Result<String, Box<dyn std::error::Error>> {
    let size = std::fs::metadata(file).map_err(|e| format!("{}: {e}", file.display()))?.len();
    if size > MAX_BODY_FILE_BYTES {
        return Err(
            format!("{}: {size} bytes is more than a body can be ({MAX_BODY_FILE_BYTES})", file.display()).into()
        );
    }
    let bytes = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
    String::from_utf8(bytes)
        .map_err(|e| format!("{}: not UTF-8 text (byte {})", file.display(), e.utf8_error().valid_up_to()).into())
}
