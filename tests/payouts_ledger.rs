//! 分润's ledger against hand-built order rows: shares, rounding, the close,
//! reversals after a close, carried balances, payments and the law's limits.

mod common;

use common::{empty_store, seed_account, seed_clawback, seed_row, Partner};
use std::collections::BTreeMap;
use tuanzhang::model::{BizDay, BizMonth, PartnerId, PayMethod, PayoutActor};
use tuanzhang::payouts::{self, AdjustmentInput, PaymentInput, PlanInput};
use tuanzhang::store::Store;

const ACTOR: PayoutActor = PayoutActor::Cli;
const NOW: i64 = 1_790_000_000;

fn day(text: &str) -> BizDay {
    BizDay::parse(text).expect("a day")
}

fn month(text: &str) -> BizMonth {
    BizMonth::parse(text).expect("a month")
}

fn plan(own: &str) -> PlanInput {
    PlanInput { own_rate: own.into(), effective_from: Some(day("2026-10-01")), ..PlanInput::default() }
}

fn statement_of(statements: &payouts::MonthStatements, partner: i64) -> payouts::StatementRow {
    statements.statements.iter().find(|s| s.partner.id == PartnerId(partner)).cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_month_pays_each_partner_her_share_of_her_own_settled_orders_and_the_rest_is_hers() {
    let (_dir, store) = empty_store().await;
    seed_account(&store).await;
    let lead = Partner::named("李娜").role("shopkeeper").insert(&store).await;
    let seller = Partner::named("王芳").under(Some(lead)).insert(&store).await;
    payouts::set_plan(store.pool(), &plan("50"), ACTOR, day("2026-10-01"), NOW).await.expect("plan");
    seed_row(&store, 1, Some(seller), "2026-09-10", Some("2026-10-20"), 101).await;
    seed_row(&store, 2, Some(lead), "2026-09-12", Some("2026-10-20"), 1000).await;
    seed_row(&store, 3, None, "2026-09-12", Some("2026-10-20"), 777).await;
    seed_row(&store, 4, Some(seller), "2026-10-02", None, 400).await;

    let draft = payouts::month_statements(store.pool(), month("2026-10"), day("2026-10-25")).await.expect("draft");
    assert!(!draft.closed);
    assert_eq!(draft.settled_fen.fen(), 101 + 1000 + 777);
    // 50.5 rounds half-up to 51; her 500 + 51 go to partners, the rest is hers.
    assert_eq!(statement_of(&draft, seller).earned_fen.fen(), 51);
    assert_eq!(statement_of(&draft, lead).earned_fen.fen(), 500);
    assert_eq!(draft.partners_fen.fen(), 551);
    assert_eq!(draft.hers_fen.fen(), 1878 - 551);
    assert_eq!(statement_of(&draft, seller).pending_fen.fen(), 200, "the unsettled order is pending, not payable");
    assert_eq!(statement_of(&draft, seller).payable_fen.fen(), 0, "a draft pays nothing yet");

    let closed = payouts::close(store.pool(), month("2026-10"), day("2026-10-25"), NOW, ACTOR).await.expect("close");
    assert!(!closed.already_closed);
    assert_eq!((closed.settled.fen(), closed.partners.fen(), closed.hers.fen()), (1878, 551, 1327));
    let again = payouts::close(store.pool(), month("2026-10"), day("2026-11-25"), NOW + 9, ACTOR).await.expect("again");
    assert!(again.already_closed);
    assert_eq!(again.hash, closed.hash, "closing twice changes nothing");

    let october = payouts::month_statements(store.pool(), month("2026-10"), day("2026-10-25")).await.expect("closed");
    assert!(october.closed);
    assert_eq!(statement_of(&october, seller).closing_fen.fen(), 51);
    assert_eq!(statement_of(&october, seller).payable_fen.fen(), 51);
    let checks = payouts::verify(store.pool()).await.expect("verify");
    assert!(checks.iter().all(|c| c.ok) && checks.len() == 1);
}

#[tokio::test]
async fn a_refund_after_the_close_comes_back_once_as_a_reversal_next_month_and_a_negative_balance_carries() {
    let (_dir, store) = empty_store().await;
    seed_account(&store).await;
    let seller = Partner::named("王芳").insert(&store).await;
    payouts::set_plan(store.pool(), &plan("40"), ACTOR, day("2026-10-01"), NOW).await.expect("plan");
    seed_row(&store, 1, Some(seller), "2026-09-10", Some("2026-10-20"), 1000).await;
    payouts::close(store.pool(), month("2026-10"), day("2026-10-21"), NOW, ACTOR).await.expect("october");
    let pay = PaymentInput {
        partner: PartnerId(seller),
        amount: "4".into(),
        method: PayMethod::Wechat,
        paid_on: Some(day("2026-10-22")),
        reference: "wx-1".into(),
        voucher: None,
        tax: String::new(),
        note: String::new(),
        statement: None,
    };
    let paid = payouts::record_payment(store.pool(), &pay, ACTOR, NOW, day("2026-10-22")).await.expect("paid");
    assert_eq!(paid.month, "2026-10", "paid against the oldest statement with a balance");
    assert!(!paid.over_balance);

    // The whole row is refunded in November, after October closed.
    seed_clawback(&store, 1, "2026-10-20", 1000, "2026-11-20", 1000).await;
    let october_before = lines_of(&store, "2026-10").await;
    let november = payouts::month_statements(store.pool(), month("2026-11"), day("2026-11-25")).await.expect("nov");
    let her = statement_of(&november, seller);
    assert_eq!(her.opening_fen.fen(), 0, "October's 4 yuan was paid");
    assert_eq!(her.reversed_fen.fen(), -400);
    assert_eq!(her.closing_fen.fen(), -400, "negative, never clamped");
    assert_eq!(november.settled_fen.fen(), -1000);
    assert_eq!(november.partners_fen.fen() + november.hers_fen.fen(), november.settled_fen.fen());
    payouts::close(store.pool(), month("2026-11"), day("2026-11-25"), NOW, ACTOR).await.expect("november");
    assert_eq!(lines_of(&store, "2026-10").await, october_before, "a closed month never changes");
    let statement = payouts::partner_statement(
        store.pool(),
        PartnerId(seller),
        month("2026-11"),
        day("2026-11-25"),
        tuanzhang::model::Lang::Zh,
    )
    .await
    .expect("statement");
    let reversal = statement.lines.iter().find(|l| l.amount.fen() == -400).expect("the reversal line");
    assert_eq!(
        reversal.note.as_deref(),
        Some(format!("TZ-202610-{seller}").as_str()),
        "it names the statement it reverses"
    );

    // December: the negative balance carries until new earnings cover it.
    seed_row(&store, 2, Some(seller), "2026-11-05", Some("2026-12-20"), 2000).await;
    let december = payouts::month_statements(store.pool(), month("2026-12"), day("2026-12-21")).await.expect("dec");
    let her = statement_of(&december, seller);
    assert_eq!((her.opening_fen.fen(), her.earned_fen.fen(), her.closing_fen.fen()), (-400, 800, 400));
    let reversals: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payout_lines WHERE kind = 'reversal'")
        .fetch_one(store.pool())
        .await
        .expect("count");
    assert_eq!(reversals, 1, "the refund appears once");
}

async fn lines_of(store: &Store, month: &str) -> Vec<(i64, i64, String, i64)> {
    sqlx::query_as("SELECT id, partner_id, kind, amount_fen FROM payout_lines WHERE month = ?1 ORDER BY id")
        .bind(BizMonth::parse(month).expect("month").as_int())
        .fetch_all(store.pool())
        .await
        .expect("lines")
}

/// A small deterministic generator, so a failing case can be replayed by its seed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// For random plans, months, moves, late rows and refunds after a close:
/// partners' lines plus hers equal what was settled, to the fen; closed
/// months never change; every row is booked exactly what the platform
/// settled; a balance carries from one month into the next.
#[tokio::test]
async fn random_plans_months_and_refunds_keep_every_fen_and_every_closed_month() {
    let mut kinds_seen: BTreeMap<String, i64> = BTreeMap::new();
    for seed in 1..=12u64 {
        let mut dice = Dice(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (_dir, store) = empty_store().await;
        seed_account(&store).await;
        let mut partners = Vec::new();
        for i in 0..6 {
            let parent = if i == 0 || dice.below(3) == 0 { None } else { Some(partners[dice.below(i) as usize]) };
            let role = ["leader", "shopkeeper", "member"][dice.below(3) as usize];
            partners.push(Partner::named(&format!("伙伴{i}")).role(role).under(parent).insert(&store).await);
        }
        let own = dice.below(8_001);
        let input = PlanInput {
            own_rate: format!("{}.{:02}", own / 100, own % 100),
            role_rates: vec![tuanzhang::payouts::plan::RoleRateInput {
                role: tuanzhang::model::PartnerRole::Shopkeeper,
                own_rate: format!("{}", dice.below(61)),
            }],
            override_rate: (dice.below(2) == 0).then(|| format!("{}", dice.below(20) + 1)),
            override_levels: 1,
            effective_from: Some(day("2026-10-01")),
            ..PlanInput::default()
        };
        let input = if input.override_rate.is_none() { PlanInput { override_levels: 0, ..input } } else { input };
        payouts::set_plan(store.pool(), &input, ACTOR, day("2026-10-01"), NOW).await.expect("plan");
        let pay_days = ["2026-10-20", "2026-11-20", "2026-12-20", "2027-01-20"];
        let order_days = ["2026-09-05", "2026-09-28", "2026-10-11", "2026-10-30", "2026-11-15", "2026-12-01"];
        let mut next_id = 1;
        let mut add_rows = |count: usize, dice: &mut Dice| {
            (0..count)
                .map(|_| {
                    let id = next_id;
                    next_id += 1;
                    let partner = (dice.below(5) != 0).then(|| partners[dice.below(6) as usize]);
                    let ordered = order_days[dice.below(order_days.len() as u64) as usize];
                    let pays = pay_days[dice.below(pay_days.len() as u64) as usize];
                    (id, partner, ordered, pays, dice.below(5_000) as i64 + 1)
                })
                .collect::<Vec<_>>()
        };
        let rows = add_rows(40, &mut dice);
        for (id, partner, ordered, pays, fee) in &rows {
            seed_row(&store, *id, *partner, ordered, Some(pays), *fee).await;
        }
        let months = ["2026-10", "2026-11", "2026-12", "2027-01"];
        let mut frozen: BTreeMap<String, Vec<(i64, i64, String, i64)>> = BTreeMap::new();
        for (index, m) in months.iter().enumerate() {
            let today = day(&format!("{m}-25"));
            // Between closes: a partner moves, late rows of closed months
            // arrive, and settled rows are refunded in this month.
            if index > 0 {
                let mover = partners[dice.below(6) as usize];
                let to = partners[dice.below(6) as usize];
                if mover != to {
                    move_by_hand(&store, mover, to, today.start() - 86_400).await;
                }
                for (id, partner, ordered, _, fee) in add_rows(3, &mut dice) {
                    seed_row(&store, id, partner, ordered, Some(pay_days[index - 1]), fee).await;
                }
                for (id, _, _, pays, fee) in rows.iter().filter(|r| day(r.3) < day(&format!("{m}-01"))) {
                    if dice.below(6) == 0 && !refunded(&store, *id).await {
                        let taken = dice.below(*fee as u64) as i64 + 1;
                        seed_clawback(&store, *id, pays, *fee, &format!("{m}-20"), taken).await;
                    }
                }
            }
            let outcome = payouts::close(store.pool(), month(m), today, NOW, ACTOR).await.expect("close");
            assert_eq!(outcome.partners.fen() + outcome.hers.fen(), outcome.settled.fen(), "seed {seed} {m}");
            let line_sum: i64 = lines_of(&store, m).await.iter().map(|l| l.3).sum();
            assert_eq!(line_sum, outcome.partners.fen(), "seed {seed} {m}: partners are the sum of lines");
            frozen.insert((*m).to_owned(), lines_of(&store, m).await);
            for (earlier, lines) in &frozen {
                assert_eq!(&lines_of(&store, earlier).await, lines, "seed {seed}: {earlier} changed after {m}");
            }
            assert_booked_what_was_settled(&store, today, seed).await;
            assert_balances_carry(&store, &months[..=index], today, seed).await;
        }
        assert!(payouts::verify(store.pool()).await.expect("verify").iter().all(|c| c.ok), "seed {seed}");
        let kinds: Vec<(String, i64)> = sqlx::query_as("SELECT kind, COUNT(*) FROM payout_lines GROUP BY kind")
            .fetch_all(store.pool())
            .await
            .expect("kinds");
        for (kind, count) in kinds {
            *kinds_seen.entry(kind).or_default() += count;
        }
    }
    // The cases reached every kind of booked line.
    for kind in ["commission", "override", "reversal"] {
        assert!(kinds_seen.get(kind).copied().unwrap_or(0) > 0, "no {kind} line in any case: {kinds_seen:?}");
    }
}

async fn refunded(store: &Store, id: i64) -> bool {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM order_row_settlements WHERE row_id = ?1")
        .bind(id)
        .fetch_one(store.pool())
        .await
        .expect("count");
    n > 0
}

async fn move_by_hand(store: &Store, partner: i64, to: i64, at: i64) {
    // Refuse a loop the way the team room does: `to` must not be below her.
    let below: i64 = sqlx::query_scalar(
        "WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM partners WHERE id = ?1
             UNION ALL SELECT p.id, p.parent_id FROM partners p JOIN up ON p.id = up.parent_id)
         SELECT COUNT(*) FROM up WHERE id = ?2",
    )
    .bind(to)
    .bind(partner)
    .fetch_one(store.pool())
    .await
    .expect("loop check");
    if below > 0 {
        return;
    }
    sqlx::query(
        "INSERT INTO partner_moves (partner_id, moved_at, old_parent_id, new_parent_id)
         SELECT id, ?2, parent_id, ?3 FROM partners WHERE id = ?1",
    )
    .bind(partner)
    .bind(at)
    .bind(to)
    .execute(store.pool())
    .await
    .expect("move recorded");
    sqlx::query("UPDATE partners SET parent_id = ?2 WHERE id = ?1")
        .bind(partner)
        .bind(to)
        .execute(store.pool())
        .await
        .expect("moved");
}

/// Every ledger row's booked basis is what the platform settled of it
/// through the last close.
async fn assert_booked_what_was_settled(store: &Store, through: BizDay, seed: u64) {
    let wrong: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM order_rows r
         WHERE r.pay_month <= ?1
           AND COALESCE((SELECT SUM(s.fee_fen) FROM order_row_settlements s WHERE s.row_id = r.id AND s.settle_day <= ?1),
                        r.actual_fee_fen)
               <> COALESCE((SELECT SUM(b.fee_fen) FROM payout_basis b WHERE b.row_id = r.id), 0)",
    )
    .bind(through)
    .fetch_one(store.pool())
    .await
    .expect("compare");
    assert_eq!(wrong, 0, "seed {seed}: rows booked other than what was settled");
}

async fn assert_balances_carry(store: &Store, months: &[&str], today: BizDay, seed: u64) {
    let mut closing: BTreeMap<PartnerId, i64> = BTreeMap::new();
    for m in months {
        let statements = payouts::month_statements(store.pool(), month(m), today).await.expect("statements");
        for s in &statements.statements {
            assert_eq!(
                s.opening_fen.fen(),
                closing.get(&s.partner.id).copied().unwrap_or(0),
                "seed {seed}: {m} opens where the month before closed"
            );
            assert_eq!(
                s.closing_fen.fen(),
                s.opening_fen.fen()
                    + s.earned_fen.fen()
                    + s.override_fen.fen()
                    + s.reversed_fen.fen()
                    + s.adjusted_fen.fen()
                    - s.paid_fen.fen()
            );
        }
        closing = statements.statements.iter().map(|s| (s.partner.id, s.closing_fen.fen())).collect();
    }
}

fn refusal(error: tuanzhang::model::FormError) -> (String, String) {
    let error = tuanzhang::error::AppError::from(error);
    (error.field.unwrap_or_default(), error.key)
}

#[tokio::test]
async fn plans_the_law_forbids_and_amounts_that_do_not_add_up_are_refused_at_their_field() {
    let (_dir, store) = empty_store().await;
    let today = day("2026-10-01");
    let refused = |input: PlanInput| {
        let pool = store.pool().clone();
        async move { refusal(payouts::set_plan(&pool, &input, ACTOR, today, NOW).await.expect_err("refused")) }
    };
    let deeper = PlanInput { override_rate: Some("5".into()), override_levels: 2, ..plan("30") };
    assert_eq!(refused(deeper).await, ("overrideLevels".into(), "payout.plan.tooDeep".into()));
    assert_eq!(refused(plan("100.5")).await, ("ownRate".into(), "payout.rate.range".into()));
    assert_eq!(refused(plan("-1")).await, ("ownRate".into(), "payout.rate.range".into()));
    assert_eq!(refused(plan("12.345")).await, ("ownRate".into(), "payout.rate.format".into()));
    let over = PlanInput { override_rate: Some("30".into()), override_levels: 1, ..plan("80") };
    assert_eq!(refused(over).await, ("overrideRate".into(), "payout.plan.overWhole".into()));
    let role_over = PlanInput {
        role_rates: vec![tuanzhang::payouts::plan::RoleRateInput {
            role: tuanzhang::model::PartnerRole::Leader,
            own_rate: "95".into(),
        }],
        override_rate: Some("10".into()),
        override_levels: 1,
        ..plan("50")
    };
    assert_eq!(refused(role_over).await, ("overrideRate".into(), "payout.plan.overWhole".into()));
    assert_eq!(
        refused(PlanInput { minimum: "0.001".into(), ..plan("50") }).await,
        ("minimum".into(), "payout.amount.format".into())
    );
    assert_eq!(
        refused(PlanInput { hold_days: 181, ..plan("50") }).await,
        ("holdDays".into(), "payout.plan.holdDays".into())
    );
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM payout_plans").fetch_one(store.pool()).await.expect("n");
    assert_eq!(stored, 0, "nothing refused was stored");
    let upline = PlanInput { override_rate: Some("5".into()), override_levels: 1, ..plan("50") };
    let stored = payouts::set_plan(store.pool(), &upline, ACTOR, today, NOW).await.expect("one level is allowed");
    assert_eq!(stored.override_rate.map(|r| r.hundredths()), Some(500));
}

#[tokio::test]
async fn a_month_closes_in_order_once_the_platform_settled_it() {
    let (_dir, store) = empty_store().await;
    seed_account(&store).await;
    let no_plan = payouts::close(store.pool(), month("2026-10"), day("2026-10-25"), NOW, ACTOR).await;
    assert_eq!(refusal(no_plan.expect_err("no plan")).1, "payout.close.noPlan");
    let held = PlanInput { hold_days: 7, ..plan("50") };
    payouts::set_plan(store.pool(), &held, ACTOR, day("2026-10-01"), NOW).await.expect("plan");
    let early = payouts::close(store.pool(), month("2026-10"), day("2026-10-27"), NOW, ACTOR).await.expect_err("early");
    let early = tuanzhang::error::AppError::from(early);
    assert_eq!(early.key, "payout.close.notSettled");
    assert_eq!(early.params.get("from").map(String::as_str), Some("2026-10-28"), "it says when");
    let skipped = payouts::close(store.pool(), month("2026-11"), day("2026-11-30"), NOW, ACTOR).await;
    assert_eq!(refusal(skipped.expect_err("out of order")).1, "payout.close.earlierOpen");
    let before = payouts::close(store.pool(), month("2026-09"), day("2026-11-30"), NOW, ACTOR).await;
    assert_eq!(refusal(before.expect_err("before the plan")).1, "payout.close.beforePlan");
    payouts::close(store.pool(), month("2026-10"), day("2026-10-28"), NOW, ACTOR).await.expect("on the day");
    let months = payouts::months(store.pool(), day("2026-11-01")).await.expect("months");
    assert_eq!(months.closed, vec!["2026-10".to_owned()]);
    let open = months.open.expect("November is open");
    assert_eq!((open.month.as_str(), open.can_close), ("2026-11", false));
}

#[tokio::test]
async fn the_ledger_refuses_edits_and_the_check_finds_a_tampered_month() {
    let (_dir, store) = empty_store().await;
    seed_account(&store).await;
    let seller = Partner::named("王芳").insert(&store).await;
    payouts::set_plan(store.pool(), &plan("50"), ACTOR, day("2026-10-01"), NOW).await.expect("plan");
    seed_row(&store, 1, Some(seller), "2026-09-10", Some("2026-10-20"), 1000).await;
    payouts::close(store.pool(), month("2026-10"), day("2026-10-21"), NOW, ACTOR).await.expect("close");
    for edit in [
        "UPDATE payout_lines SET amount_fen = 1",
        "DELETE FROM payout_lines",
        "UPDATE payout_months SET hash = hash",
        "DELETE FROM payout_audit",
        "UPDATE payout_plans SET own_rate = 1",
    ] {
        let refused = sqlx::query(edit).execute(store.pool()).await.expect_err(edit);
        assert!(refused.to_string().contains("append-only"), "{edit}: {refused}");
    }
    let late = sqlx::query(
        "INSERT INTO payout_lines (month, partner_id, kind, amount_fen, reason, created_at)
         VALUES (202610, ?1, 'adjustment', 100, 'late', 0)",
    )
    .bind(seller)
    .execute(store.pool())
    .await;
    assert!(late.is_err(), "nothing joins a closed month");
    sqlx::query("DROP TRIGGER payout_lines_append_only_u").execute(store.pool()).await.expect("drop");
    sqlx::query("UPDATE payout_lines SET amount_fen = amount_fen + 1").execute(store.pool()).await.expect("tamper");
    let checks = payouts::verify(store.pool()).await.expect("verify");
    assert_eq!(checks.len(), 1);
    assert!(!checks[0].ok, "the check names the tampered month");
}

#[tokio::test]
async fn payments_allocate_warn_void_once_and_adjustments_need_a_reason() {
    let (_dir, store) = empty_store().await;
    seed_account(&store).await;
    let seller = Partner::named("王芳").insert(&store).await;
    let today = day("2026-11-25");
    payouts::set_plan(store.pool(), &plan("50"), ACTOR, day("2026-10-01"), NOW).await.expect("plan");
    seed_row(&store, 1, Some(seller), "2026-09-10", Some("2026-10-20"), 1000).await;
    seed_row(&store, 2, Some(seller), "2026-10-10", Some("2026-11-20"), 600).await;
    payouts::close(store.pool(), month("2026-10"), today, NOW, ACTOR).await.expect("october");
    payouts::close(store.pool(), month("2026-11"), today, NOW, ACTOR).await.expect("november");
    let pay = |amount: &str| PaymentInput {
        partner: PartnerId(seller),
        amount: amount.into(),
        method: PayMethod::Bank,
        paid_on: Some(today),
        reference: String::new(),
        voucher: None,
        tax: "0.5".into(),
        note: String::new(),
        statement: None,
    };
    let three = payouts::record_payment(store.pool(), &pay("1.234"), ACTOR, NOW, today).await.expect_err("3 decimals");
    assert_eq!(refusal(three), ("amount".into(), "payout.amount.format".into()));
    let first = payouts::record_payment(store.pool(), &pay("5"), ACTOR, NOW, today).await.expect("first");
    assert_eq!((first.month.as_str(), first.over_balance), ("2026-10", false));
    let second = payouts::record_payment(store.pool(), &pay("10"), ACTOR, NOW, today).await.expect("over");
    assert_eq!(second.month, "2026-11", "October is paid; November has the balance");
    assert!(second.over_balance, "10 yuan against 3 owed warns, and is allowed");
    assert_eq!(second.balance_after.fen(), -700);
    payouts::void_payment(store.pool(), second.id, ACTOR, NOW, today).await.expect("void");
    let twice = payouts::void_payment(store.pool(), second.id, ACTOR, NOW, today).await.expect_err("twice");
    assert_eq!(refusal(twice).1, "payout.payment.alreadyVoided");
    let november = payouts::month_statements(store.pool(), month("2026-11"), today).await.expect("statements");
    let her = statement_of(&november, seller);
    assert_eq!((her.paid_fen.fen(), her.closing_fen.fen()), (0, 300), "the void undid the payment, both stay");
    let blank = AdjustmentInput { partner: PartnerId(seller), amount: "-1".into(), reason: "  ".into() };
    assert_eq!(
        refusal(payouts::adjust(store.pool(), &blank, ACTOR, NOW).await.expect_err("no reason")).1,
        "payout.adjust.reasonMissing"
    );
    let write_off = AdjustmentInput { partner: PartnerId(seller), amount: "-1".into(), reason: "多付退回".into() };
    assert_eq!(payouts::adjust(store.pool(), &write_off, ACTOR, NOW).await.expect("adjusted"), "2026-12");
    let audit: Vec<String> =
        sqlx::query_scalar("SELECT action FROM payout_audit ORDER BY id").fetch_all(store.pool()).await.expect("audit");
    assert_eq!(audit, ["plan", "close", "close", "payment", "payment", "void", "adjustment"]);
}

#[tokio::test]
async fn an_upline_share_goes_to_the_upline_she_had_when_she_ordered() {
    let (_dir, store) = empty_store().await;
    seed_account(&store).await;
    let first_upline = Partner::named("李娜").insert(&store).await;
    let second_upline = Partner::named("张敏").insert(&store).await;
    let seller = Partner::named("王芳").under(Some(first_upline)).insert(&store).await;
    let upline = PlanInput { override_rate: Some("10".into()), override_levels: 1, ..plan("50") };
    payouts::set_plan(store.pool(), &upline, ACTOR, day("2026-10-01"), NOW).await.expect("plan");
    seed_row(&store, 1, Some(seller), "2026-09-10", Some("2026-10-20"), 1000).await;
    seed_row(&store, 2, Some(seller), "2026-09-20", Some("2026-10-20"), 2000).await;
    move_by_hand(&store, seller, second_upline, day("2026-09-15").start()).await;
    let october = payouts::month_statements(store.pool(), month("2026-10"), day("2026-10-21")).await.expect("oct");
    assert_eq!(statement_of(&october, seller).earned_fen.fen(), 1500);
    assert_eq!(statement_of(&october, first_upline).override_fen.fen(), 100, "the order before the move");
    assert_eq!(statement_of(&october, second_upline).override_fen.fen(), 200, "the order after it");
    assert_eq!(october.hers_fen.fen(), 3000 - 1500 - 300);
}

#[tokio::test]
async fn an_upline_share_never_reaches_a_fourth_level_counting_her() {
    let (_dir, store) = empty_store().await;
    seed_account(&store).await;
    let top = Partner::named("李娜").insert(&store).await;
    let middle = Partner::named("张敏").under(Some(top)).insert(&store).await;
    let seller = Partner::named("王芳").under(Some(middle)).insert(&store).await;
    let upline = PlanInput { override_rate: Some("10".into()), override_levels: 1, ..plan("50") };
    payouts::set_plan(store.pool(), &upline, ACTOR, day("2026-10-01"), NOW).await.expect("plan");
    seed_row(&store, 1, Some(seller), "2026-09-10", Some("2026-10-20"), 1000).await;
    seed_row(&store, 2, Some(middle), "2026-09-10", Some("2026-10-20"), 1000).await;
    let october = payouts::month_statements(store.pool(), month("2026-10"), day("2026-10-21")).await.expect("oct");
    // Her → 李娜 → 张敏: 李娜's share of 张敏's sale is three levels. Her →
    // 李娜 → 张敏 → 王芳 would be four: 张敏 gets nothing of 王芳's sale.
    assert_eq!(statement_of(&october, top).override_fen.fen(), 100);
    assert_eq!(statement_of(&october, middle).override_fen.fen(), 0);
    assert_eq!(statement_of(&october, seller).earned_fen.fen(), 500);
}

#[tokio::test]
async fn refunds_in_pieces_take_back_no_more_than_was_paid() {
    let (_dir, store) = empty_store().await;
    seed_account(&store).await;
    let seller = Partner::named("王芳").insert(&store).await;
    payouts::set_plan(store.pool(), &plan("50"), ACTOR, day("2026-10-01"), NOW).await.expect("plan");
    // 3 fen at 50 % pays 2 (1.5 rounds up); three refunds of 1 fen follow.
    seed_row(&store, 1, Some(seller), "2026-09-10", Some("2026-10-20"), 3).await;
    payouts::close(store.pool(), month("2026-10"), day("2026-10-21"), NOW, ACTOR).await.expect("october");
    for (m, taken) in [("2026-11", 1), ("2026-12", 1), ("2027-01", 1)] {
        sqlx::query(
            "INSERT OR REPLACE INTO order_row_settlements (row_id, settle_day, fee_fen) VALUES (1, 20261020, 3)",
        )
        .execute(store.pool())
        .await
        .expect("settled");
        sqlx::query("INSERT INTO order_row_settlements (row_id, settle_day, fee_fen) VALUES (1, ?1, ?2)")
            .bind(day(&format!("{m}-20")))
            .bind(-taken)
            .execute(store.pool())
            .await
            .expect("refund");
        payouts::close(store.pool(), month(m), day(&format!("{m}-25")), NOW, ACTOR).await.expect("close");
    }
    let lines: i64 = sqlx::query_scalar("SELECT SUM(amount_fen) FROM payout_lines WHERE row_id = 1")
        .fetch_one(store.pool())
        .await
        .expect("sum");
    assert_eq!(lines, 0, "everything refunded, everything taken back, and no fen more");
    let reversed: Vec<i64> =
        sqlx::query_scalar("SELECT amount_fen FROM payout_lines WHERE kind = 'reversal' ORDER BY id")
            .fetch_all(store.pool())
            .await
            .expect("reversals");
    assert_eq!(reversed.iter().sum::<i64>(), -2);
}

#[tokio::test]
async fn a_payment_on_a_later_statement_leaves_nothing_payable_on_an_earlier_one() {
    let (_dir, store) = empty_store().await;
    seed_account(&store).await;
    let seller = Partner::named("王芳").insert(&store).await;
    let today = day("2026-11-25");
    payouts::set_plan(store.pool(), &plan("50"), ACTOR, day("2026-10-01"), NOW).await.expect("plan");
    seed_row(&store, 1, Some(seller), "2026-09-10", Some("2026-10-20"), 20_000).await;
    seed_row(&store, 2, Some(seller), "2026-10-10", Some("2026-11-20"), 10_000).await;
    payouts::close(store.pool(), month("2026-10"), today, NOW, ACTOR).await.expect("october");
    payouts::close(store.pool(), month("2026-11"), today, NOW, ACTOR).await.expect("november");
    let all = PaymentInput {
        partner: PartnerId(seller),
        amount: "150".into(),
        method: PayMethod::Wechat,
        paid_on: Some(today),
        reference: String::new(),
        voucher: None,
        tax: String::new(),
        note: String::new(),
        statement: Some("2026-11".into()),
    };
    let paid = payouts::record_payment(store.pool(), &all, ACTOR, NOW, today).await.expect("paid");
    assert!(!paid.over_balance);
    let october = payouts::month_statements(store.pool(), month("2026-10"), today).await.expect("october");
    assert_eq!(statement_of(&october, seller).closing_fen.fen(), 10_000, "October's own figures stand");
    assert_eq!(statement_of(&october, seller).payable_fen.fen(), 0, "but nothing of it is payable again");
    assert!(payouts::pay_list(store.pool(), month("2026-10"), today).await.expect("list").is_empty());
    assert!(payouts::pay_list(store.pool(), month("2026-11"), today).await.expect("list").is_empty());
    let more = PaymentInput { amount: "1".into(), statement: None, ..all };
    let next = payouts::record_payment(store.pool(), &more, ACTOR, NOW, today).await.expect("one more");
    assert_eq!(next.month, "2026-11", "owed nothing, a payment goes on the latest statement");
    assert!(next.over_balance);
}
