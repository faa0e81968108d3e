//! A partner's 收款码: the picture of her payment QR code that the pay list
//! shows beside what she is owed. The picture is one she already added to
//! the store's media (as a material's pictures are); the code is replaced
//! or removed as her partner changes it, so this is not part of the ledger.

use crate::model::{EpochSecs, FormError, Message, PartnerId};
use sqlx::SqlitePool;

/// Keeps `media_hash` as the partner's 收款码, or forgets hers (`None`).
pub async fn set_pay_code(
    pool: &SqlitePool,
    partner: PartnerId,
    media_hash: Option<&str>,
    now: EpochSecs,
) -> Result<(), FormError> {
    let mut tx = crate::store::begin_write(pool).await?;
    let found: Option<i64> =
        sqlx::query_scalar("SELECT id FROM partners WHERE id = ?1").bind(partner).fetch_optional(&mut *tx).await?;
    if found.is_none() {
        return Err(FormError::invalid("partner", Message::new("payout.partner.notFound").with("id", partner)));
    }
    match media_hash {
        Some(hash) => {
            // Asked first rather than left to the foreign key: a store opened
            // without foreign keys enforced must refuse it all the same.
            let kept: Option<String> = sqlx::query_scalar("SELECT hash FROM media WHERE hash = ?1")
                .bind(hash)
                .fetch_optional(&mut *tx)
                .await?;
            if kept.is_none() {
                return Err(FormError::invalid("payCode", Message::new("payout.payCode.missing")));
            }
            sqlx::query(
                "INSERT INTO partner_pay_codes (partner_id, media_hash, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (partner_id) DO UPDATE SET media_hash = excluded.media_hash, updated_at = excluded.updated_at",
            )
            .bind(partner)
            .bind(hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM partner_pay_codes WHERE partner_id = ?1").bind(partner).execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// The partner's 收款码 (a media hash), if she has one.
pub async fn pay_code(pool: &SqlitePool, partner: PartnerId) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT media_hash FROM partner_pay_codes WHERE partner_id = ?1")
        .bind(partner)
        .fetch_optional(pool)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::MediaStore;

    fn png() -> Vec<u8> {
        let picture = image::RgbImage::from_fn(8, 8, |x, y| image::Rgb([200, (x * 30) as u8, (y * 30) as u8]));
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(picture).write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[tokio::test]
    async fn a_pay_code_is_kept_replaced_and_forgotten_and_only_a_kept_picture_is_taken() {
        let (_dir, store) = crate::store::temp_store().await;
        let pool = store.pool();
        let partner: PartnerId = sqlx::query_scalar(
            "INSERT INTO partners (name, role, is_placeholder, created_at) VALUES ('小美', 'member', 0, 0) RETURNING id",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        let missing = set_pay_code(pool, partner, Some(&"a".repeat(64)), 10).await.err();
        assert!(matches!(missing, Some(FormError::Invalid { field: "payCode", .. })), "{missing:?}");
        assert_eq!(pay_code(pool, partner).await.unwrap(), None);

        let picture = MediaStore::of(&store).add(pool, png(), 10).await.unwrap();
        set_pay_code(pool, partner, Some(picture.hash.as_str()), 20).await.unwrap();
        assert_eq!(pay_code(pool, partner).await.unwrap().as_deref(), Some(picture.hash.as_str()));
        set_pay_code(pool, partner, None, 30).await.unwrap();
        assert_eq!(pay_code(pool, partner).await.unwrap(), None);

        let nobody = set_pay_code(pool, PartnerId(9_999), None, 40).await.err();
        assert!(matches!(nobody, Some(FormError::Invalid { field: "partner", .. })), "{nobody:?}");
    }
}
