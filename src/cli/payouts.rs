//! `tuanzhang payout …`: the payout plan, the monthly close, statements,
//! payments and adjustments from a terminal, through the same engine as the
//! window's 分润 page. Refusals exit non-zero with their reason.

use clap::Subcommand;
use sqlx::SqlitePool;
use std::path::PathBuf;
use tuanzhang::model::{BizDay, BizMonth, EpochSecs, Lang, PartnerId, PartnerRole, PayMethod, PayoutActor};
use tuanzhang::payouts::plan::{PartnerTermsInput, RoleRateInput};
use tuanzhang::payouts::{self, accounting, statement_files, AdjustmentInput, PaymentInput, PlanInput};
use tuanzhang::store::atomic::Existing;

const ACTOR: PayoutActor = PayoutActor::Cli;

#[derive(Subcommand)]
pub enum PayoutCommand {
    /// The payout plan.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Close a month: its lines and totals freeze; later changes go to the next month.
    Close {
        /// yyyy-MM
        #[arg(long)]
        month: String,
    },
    /// Every partner's statement for a month (money in fen with --json).
    Statements {
        #[arg(long)]
        month: String,
        #[arg(long)]
        json: bool,
    },
    /// One partner's statement as a PNG (for WeChat), PDF or XLSX, by the file's extension.
    Statement {
        #[arg(long)]
        partner: i64,
        #[arg(long)]
        month: String,
        #[arg(long)]
        out: PathBuf,
        /// Replace a file already at --out.
        #[arg(long)]
        overwrite: bool,
    },
    /// The month's book for her accounts: statements, lines and payments with the tax withheld, as one
    /// XLSX, or as FILE.csv with FILE-lines.csv and FILE-payments.csv beside it.
    Export {
        #[arg(long)]
        month: String,
        #[arg(long)]
        out: PathBuf,
        /// Replace files already there.
        #[arg(long)]
        overwrite: bool,
    },
    /// Record a payment she made (never moves a statement's lines).
    Pay {
        #[arg(long)]
        partner: i64,
        /// Yuan, at most two decimals.
        #[arg(long)]
        amount: String,
        #[arg(long)]
        method: PayMethod,
        #[arg(long, default_value = "")]
        reference: String,
        /// yyyy-MM-dd (default today).
        #[arg(long)]
        on: Option<String>,
        /// Tax withheld, yuan.
        #[arg(long, default_value = "")]
        tax: String,
    },
    /// An adjustment in the open month, with its reason (negative takes back).
    Adjust {
        #[arg(long)]
        partner: i64,
        #[arg(long, allow_negative_numbers = true)]
        amount: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
pub enum PlanCommand {
    /// Store a new version of the plan, from today.
    Set(Box<SetPlan>),
    /// The plan in effect.
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
pub struct SetPlan {
    /// Percent of her settled commission on a partner's own orders. After
    /// --role, the rate of that role instead.
    #[arg(long = "own-rate", value_name = "PCT")]
    own_rates: Vec<String>,
    /// A role whose rate the next --own-rate sets: leader, shopkeeper, maker, pusher, member.
    #[arg(long = "role", value_name = "ROLE")]
    roles: Vec<PartnerRole>,
    /// A partner's own rate, as ID=PCT (repeat for more).
    #[arg(long = "partner-rate", value_name = "ID=PCT")]
    partner_rates: Vec<String>,
    /// The upline's percent of a direct downline's settled commission (opt-in).
    #[arg(long, value_name = "PCT")]
    override_rate: Option<String>,
    /// How many levels up an upline share reaches: 1 at most (three levels counting her).
    #[arg(long)]
    override_levels: Option<u8>,
    /// Yuan; smaller balances roll over to the next month.
    #[arg(long, default_value = "0")]
    minimum: String,
    /// Days after the platform's settlement before a month can close.
    #[arg(long, default_value_t = 0)]
    hold_days: u16,
    /// Orders from this day, yyyy-MM-dd (default today); not before the first open month.
    #[arg(long)]
    from: Option<String>,
}

pub async fn run(
    command: PayoutCommand,
    pool: &SqlitePool,
    today: BizDay,
    now: EpochSecs,
    lang: Lang,
) -> Result<(), Box<dyn std::error::Error>> {
    match command {
        PayoutCommand::Plan(PlanCommand::Set(args)) => {
            let input = plan_input(*args, std::env::args())?;
            let plan = payouts::set_plan(pool, &input, ACTOR, today, now).await?;
            println!("plan version {} from {}", plan.version, plan.effective_from);
        }
        PayoutCommand::Plan(PlanCommand::Show { json }) => {
            let mut conn = pool.acquire().await?;
            let plans = payouts::plan::load(&mut conn).await?;
            match (plans.latest(), json) {
                (Some(plan), true) => println!("{}", serde_json::to_string(plan)?),
                (Some(plan), false) => println!("{plan:#?}"),
                (None, true) => println!("null"),
                (None, false) => println!("no plan yet: `tuanzhang payout plan set --own-rate PCT`"),
            }
        }
        PayoutCommand::Close { month } => {
            let outcome = payouts::close(pool, BizMonth::parse(&month)?, today, now, ACTOR).await?;
            if outcome.already_closed {
                eprintln!("{} was already closed; nothing changed", outcome.month);
            }
            println!(
                "{} closed: settled {} partners {} hers {} ({} lines) {}",
                outcome.month, outcome.settled, outcome.partners, outcome.hers, outcome.lines, outcome.hash
            );
        }
        PayoutCommand::Statements { month, json } => {
            let statements = payouts::month_statements(pool, BizMonth::parse(&month)?, today).await?;
            if json {
                println!("{}", serde_json::to_string(&statements)?);
            } else {
                println!(
                    "{} {}: settled {} partners {} hers {}",
                    statements.month,
                    if statements.closed { "closed" } else { "draft" },
                    statements.settled_fen,
                    statements.partners_fen,
                    statements.hers_fen
                );
                for s in &statements.statements {
                    println!(
                        "{}\t{}\topening {}\tearned {}\toverride {}\treversed {}\tadjusted {}\tpaid {}\tclosing {}\tpayable {}\tpending {}",
                        s.partner.id, s.partner.name, s.opening_fen, s.earned_fen, s.override_fen, s.reversed_fen,
                        s.adjusted_fen, s.paid_fen, s.closing_fen, s.payable_fen, s.pending_fen
                    );
                }
            }
        }
        PayoutCommand::Statement { partner, month, out, overwrite } => {
            let format = statement_files::StatementFormat::of(&out).map_err(|e| e.message().render(lang))?;
            let statement =
                payouts::partner_statement(pool, PartnerId(partner), BizMonth::parse(&month)?, today, lang).await?;
            let existing = if overwrite { Existing::Replace } else { Existing::Keep };
            statement_files::write_statement(&statement, lang, &out, format, existing)
                .map_err(|e| e.message().render(lang))?;
            println!("{}", out.display());
        }
        PayoutCommand::Export { month, out, overwrite } => {
            accounting::BookFormat::of(&out).map_err(|e| e.message().render(lang))?;
            let book = accounting::month_book(pool, BizMonth::parse(&month)?, today).await?;
            let existing = if overwrite { Existing::Replace } else { Existing::Keep };
            let written =
                accounting::write_month_book(&book, lang, &out, existing).map_err(|e| e.message().render(lang))?;
            for path in written {
                println!("{}", path.display());
            }
        }
        PayoutCommand::Pay { partner, amount, method, reference, on, tax } => {
            let paid_on =
                on.map(|text| BizDay::parse(&text).ok_or(format!("not a day (yyyy-MM-dd): {text}"))).transpose()?;
            let input = PaymentInput {
                partner: PartnerId(partner),
                amount,
                method,
                paid_on,
                reference,
                voucher: None,
                tax,
                note: String::new(),
                statement: None,
            };
            let outcome = payouts::record_payment(pool, &input, ACTOR, now, today).await?;
            if outcome.over_balance {
                eprintln!(
                    "warning: more than the balance of {}; she now owes {}",
                    outcome.balance_before, outcome.balance_after
                );
            }
            println!("payment {} on the {} statement; balance {}", outcome.id, outcome.month, outcome.balance_after);
        }
        PayoutCommand::Adjust { partner, amount, reason } => {
            let input = AdjustmentInput { partner: PartnerId(partner), amount, reason };
            let month = payouts::adjust(pool, &input, ACTOR, now).await?;
            println!("adjusted in {month}");
        }
    }
    Ok(())
}

/// `--own-rate` values: the one after no `--role` is the plan's; each right
/// after a `--role` is that role's. clap keeps each flag's values apart, so
/// the pairs are read from the command line itself, in order (`command_line`).
fn plan_input(args: SetPlan, command_line: impl Iterator<Item = String>) -> Result<PlanInput, String> {
    let (own_rate, pairs) = rates_in_order(command_line)?;
    let role_rates = pairs
        .into_iter()
        .map(|(role, own_rate)| {
            let role = role.parse::<PartnerRole>().map_err(|e| e.to_string())?;
            Ok(RoleRateInput { role, own_rate })
        })
        .collect::<Result<Vec<_>, String>>()?;
    // What clap read and what was paired must agree: the same flags, counted.
    if role_rates.len() != args.roles.len() || args.own_rates.len() != role_rates.len() + 1 {
        return Err("each --role needs its --own-rate right after it, and the plan one --own-rate of its own".into());
    }
    let partner_terms = args
        .partner_rates
        .iter()
        .map(|text| {
            let (id, rate) = text.split_once('=').ok_or(format!("--partner-rate wants ID=PCT, not {text}"))?;
            let partner = id.trim().parse::<i64>().map_err(|_| format!("--partner-rate: not a partner id: {id}"))?;
            Ok(PartnerTermsInput { partner: PartnerId(partner), own_rate: Some(rate.to_owned()), minimum: None })
        })
        .collect::<Result<_, String>>()?;
    let override_levels = args.override_levels.unwrap_or(u8::from(args.override_rate.is_some()));
    let effective_from = args
        .from
        .map(|text| BizDay::parse(&text).ok_or(format!("--from: not a day (yyyy-MM-dd): {text}")))
        .transpose()?;
    Ok(PlanInput {
        own_rate,
        role_rates,
        partner_terms,
        override_rate: args.override_rate,
        override_levels,
        minimum: args.minimum,
        hold_days: args.hold_days,
        effective_from,
    })
}

/// The plan's `--own-rate` and each `--role ROLE --own-rate PCT` pair, in
/// the order typed; a role without its rate, or a second plan rate, is
/// refused rather than guessed.
fn rates_in_order(command_line: impl Iterator<Item = String>) -> Result<(String, Vec<(String, String)>), String> {
    let mut plan_rate = None;
    let mut pairs = Vec::new();
    let mut role: Option<String> = None;
    let mut words = command_line.peekable();
    while let Some(word) = words.next() {
        let (flag, inline) = match word.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag.to_owned(), Some(value.to_owned())),
            _ => (word, None),
        };
        if flag != "--role" && flag != "--own-rate" {
            continue;
        }
        let value = inline.or_else(|| words.next()).ok_or(format!("{flag} needs a value"))?;
        match (flag.as_str(), role.take()) {
            ("--role", None) => role = Some(value),
            ("--role", Some(earlier)) => {
                return Err(format!("--role {earlier} needs its --own-rate PCT right after it"))
            }
            (_, Some(for_role)) => pairs.push((for_role, value)),
            (_, None) if plan_rate.is_none() => plan_rate = Some(value),
            (_, None) => return Err("each --own-rate after the plan's needs its --role before it".into()),
        }
    }
    if let Some(earlier) = role {
        return Err(format!("--role {earlier} needs its --own-rate PCT right after it"));
    }
    Ok((plan_rate.ok_or("--own-rate PCT is required")?, pairs))
}

#[cfg(test)]
mod tests {
    use super::rates_in_order;

    fn words(line: &str) -> impl Iterator<Item = String> + '_ {
        line.split_whitespace().map(str::to_owned)
    }

    #[test]
    fn each_role_takes_the_rate_typed_right_after_it() {
        let (plan, pairs) =
            rates_in_order(words("tuanzhang payout plan set --role leader --own-rate 30 --own-rate 20 --minimum 5"))
                .expect("read");
        assert_eq!(plan, "20");
        assert_eq!(pairs, [("leader".to_owned(), "30".to_owned())]);
        let (plan, pairs) = rates_in_order(words("set --own-rate=50 --role=member --own-rate=40")).expect("read");
        assert_eq!((plan.as_str(), pairs.len()), ("50", 1));
    }

    #[test]
    fn a_role_without_its_rate_or_a_second_plan_rate_is_refused() {
        assert!(rates_in_order(words("set --own-rate 50 --role leader")).is_err());
        assert!(rates_in_order(words("set --own-rate 50 --own-rate 40")).is_err());
        assert!(rates_in_order(words("set --role leader --role member --own-rate 40 --own-rate 50")).is_err());
        assert!(rates_in_order(words("set --minimum 5")).is_err());
    }
}
