//! The statement as a one-sheet XLSX with every line: the header's fields,
//! the lines, the totals and the pending lines. Amounts are numbers in yuan
//! shown with two decimals, so a partner can add them up; text is written
//! as text (a string cell never runs as a formula).

use super::svg::{kind_word, rolls_over};
use super::StatementFileError;
use crate::model::{Lang, Message, Money, RatePct};
use crate::payouts::statement::Statement;
use rust_xlsxwriter::{ColNum, Format, RowNum, Workbook, Worksheet, XlsxError};

pub fn statement_xlsx(statement: &Statement, lang: Lang) -> Result<Vec<u8>, StatementFileError> {
    write(statement, lang).map_err(|e| StatementFileError::Xlsx(e.to_string()))
}

fn write(statement: &Statement, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let mut sheet = Sheet { sheet: workbook.add_worksheet(), row: 0, money: Format::new().set_num_format("0.00") };
    sheet.sheet.set_name(Message::new("statement.sheet").render(lang))?;
    sheet.sheet.set_column_width(3, 40)?;
    header(&mut sheet, statement, lang)?;
    lines(&mut sheet, statement, lang)?;
    totals(&mut sheet, statement, lang)?;
    pending(&mut sheet, statement, lang)?;
    sheet.text_row(&[Message::new("statement.footer").render(lang)])?;
    workbook.save_to_buffer()
}

fn header(sheet: &mut Sheet, statement: &Statement, lang: Lang) -> Result<(), XlsxError> {
    let status = if statement.closed { Message::new("statement.closed") } else { Message::new("statement.draft") };
    sheet.text_row(&[Message::new("statement.title").render(lang)])?;
    sheet.text_row(&[Message::new("statement.partner").render(lang), statement.partner_name.clone()])?;
    sheet.text_row(&[Message::new("statement.month").render(lang), statement.month.clone()])?;
    sheet.text_row(&[Message::new("statement.number").render(lang), statement.number.clone()])?;
    sheet.text_row(&[Message::new("statement.status").render(lang), status.render(lang)])?;
    sheet.text_row(&[Message::new("statement.asOf").render(lang), statement.as_of.to_string()])?;
    sheet.amount_row(&Message::new("statement.opening").render(lang), statement.opening)
}

fn lines(sheet: &mut Sheet, statement: &Statement, lang: Lang) -> Result<(), XlsxError> {
    sheet.skip();
    sheet.text_row(&[Message::new("statement.lines").render(lang)])?;
    sheet.text_row(&[
        Message::new("statement.col.kind").render(lang),
        Message::new("statement.col.day").render(lang),
        Message::new("statement.col.order").render(lang),
        Message::new("statement.col.product").render(lang),
        Message::new("statement.col.paid").render(lang),
        Message::new("statement.col.rate").render(lang),
        Message::new("statement.col.amount").render(lang),
        Message::new("statement.col.note").render(lang),
    ])?;
    for line in &statement.lines {
        let texts = [
            kind_word(line.kind, lang),
            line.day.to_string(),
            line.order.clone().unwrap_or_default(),
            line.product.clone().unwrap_or_default(),
        ];
        sheet.texts_at(0, &texts)?;
        sheet.figures_at(4, line.paid, line.rate, line.amount)?;
        sheet.texts_at(7, &[line.note.clone().unwrap_or_default()])?;
        sheet.row += 1;
    }
    Ok(())
}

fn totals(sheet: &mut Sheet, statement: &Statement, lang: Lang) -> Result<(), XlsxError> {
    sheet.skip();
    sheet.text_row(&[Message::new("statement.totals").render(lang)])?;
    let rows = [
        (Message::new("statement.earned"), statement.earned),
        (Message::new("statement.overrideShare"), statement.override_share),
        (Message::new("statement.reversed"), statement.reversed),
        (Message::new("statement.adjusted"), statement.adjusted),
        (Message::new("statement.paid"), statement.paid),
        (Message::new("statement.closing"), statement.closing),
        (Message::new("statement.payable"), statement.payable),
        (Message::new("statement.minimum"), statement.minimum),
    ];
    for (label, amount) in rows {
        sheet.amount_row(&label.render(lang), amount)?;
    }
    if let Some(note) = rolls_over(statement, lang) {
        sheet.text_row(&[note])?;
    }
    Ok(())
}

fn pending(sheet: &mut Sheet, statement: &Statement, lang: Lang) -> Result<(), XlsxError> {
    sheet.skip();
    sheet.text_row(&[Message::new("statement.pending").render(lang)])?;
    sheet.text_row(&[
        String::new(),
        Message::new("statement.col.day").render(lang),
        Message::new("statement.col.order").render(lang),
        Message::new("statement.col.product").render(lang),
        Message::new("statement.col.paid").render(lang),
        Message::new("statement.col.rate").render(lang),
        Message::new("statement.col.amount").render(lang),
    ])?;
    for line in &statement.pending {
        sheet.texts_at(1, &[line.day.to_string(), line.order.clone(), line.product.clone()])?;
        sheet.figures_at(4, Some(line.paid), Some(line.rate), line.amount)?;
        sheet.row += 1;
    }
    if statement.pending_more > 0 {
        sheet.text_row(&[Message::new("statement.pendingMore").with("count", statement.pending_more).render(lang)])?;
    }
    sheet.amount_row(&Message::new("statement.pendingTotal").render(lang), statement.pending_total)
}

/// The sheet and the row written next.
struct Sheet<'a> {
    sheet: &'a mut Worksheet,
    row: RowNum,
    money: Format,
}

impl Sheet<'_> {
    fn skip(&mut self) {
        self.row += 1;
    }

    fn text_row(&mut self, texts: &[String]) -> Result<(), XlsxError> {
        self.texts_at(0, texts)?;
        self.row += 1;
        Ok(())
    }

    fn amount_row(&mut self, label: &str, amount: Money) -> Result<(), XlsxError> {
        self.sheet.write_string(self.row, 0, label)?;
        self.sheet.write_number_with_format(self.row, 1, yuan(amount), &self.money)?;
        self.row += 1;
        Ok(())
    }

    fn texts_at(&mut self, first: ColNum, texts: &[String]) -> Result<(), XlsxError> {
        for (col, text) in (first..).zip(texts) {
            if !text.is_empty() {
                self.sheet.write_string(self.row, col, text)?;
            }
        }
        Ok(())
    }

    /// Basis, rate (a percentage, `10.50`) and amount from column `first` on.
    fn figures_at(
        &mut self,
        first: ColNum,
        paid: Option<Money>,
        rate: Option<RatePct>,
        amount: Money,
    ) -> Result<(), XlsxError> {
        if let Some(paid) = paid {
            self.sheet.write_number_with_format(self.row, first, yuan(paid), &self.money)?;
        }
        if let Some(rate) = rate {
            self.sheet.write_number_with_format(self.row, first + 1, hundredths(rate.hundredths()), &self.money)?;
        }
        self.sheet.write_number_with_format(self.row, first + 2, yuan(amount), &self.money)?;
        Ok(())
    }
}

fn yuan(amount: Money) -> f64 {
    hundredths(amount.fen())
}

/// A whole number of hundredths as the number a spreadsheet holds. The
/// integer is exact in an f64 (every amount is far below 2^53) and one
/// division is correctly rounded, so the result is the double nearest the
/// exact decimal: the very number Excel reads from the text `12.34`, written
/// back as `12.34`.
fn hundredths(value: i64) -> f64 {
    value as f64 / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payouts::statement_files::tests::sample;
    use std::io::Read;

    /// The sheet's XML and its shared strings, as the file holds them.
    fn sheet_text(bytes: &[u8]) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        for name in ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"] {
            archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        }
        text
    }

    #[test]
    fn amounts_are_numbers_in_yuan_exactly_as_the_fen_say() {
        for fen in [29, -5, 1_234, 1_000_000_001, 123_456_789_012] {
            assert_eq!(yuan(Money::from_fen(fen)).to_string(), Money::from_fen(fen).to_string(), "{fen}");
        }
        let mut statement = sample();
        statement.closing = Money::from_fen(29);
        statement.lines[0].amount = Money::from_fen(-1_205);
        let text = sheet_text(&statement_xlsx(&statement, Lang::Zh).unwrap());
        assert!(text.contains("<v>0.29</v>") && text.contains("<v>-12.05</v>"), "{text}");
        assert!(text.contains("<v>10.5</v>"), "the rate as a percentage: {text}");
    }

    #[test]
    fn every_line_is_in_the_sheet_even_past_what_the_picture_draws() {
        let mut statement = sample();
        let line = statement.lines[0].clone();
        statement.lines = (0..100)
            .map(|i| crate::payouts::statement::StatementLine {
                product: Some(format!("商品{i:03}")), ..line.clone()
            })
            .collect();
        let text = sheet_text(&statement_xlsx(&statement, Lang::Zh).unwrap());
        assert!((0..100).all(|i| text.contains(&format!("商品{i:03}"))));
        assert!(text.contains("王小美") && text.contains("TZ-202605-7") && text.contains("抽纸 24 包"));
    }
}
