//! Headers as people write them, in Chinese or English, mapped to the
//! columns an import understands.

use crate::files::tabular::SourceTable;
use crate::model::Message;

/// One column an import reads: its name in messages and the headers that
/// mean it (compared without case, spaces, `_` or `-`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

fn normalize(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '（' | '）'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where each column sits in the table, or the header problem to report.
#[derive(Debug)]
pub struct ColumnMap {
    positions: Vec<Option<usize>>,
    columns: &'static [Column],
}

impl ColumnMap {
    pub fn new(table: &SourceTable, columns: &'static [Column]) -> Result<ColumnMap, Message> {
        let headers: Vec<String> = table.headers.iter().map(|h| normalize(h)).collect();
        let positions: Vec<Option<usize>> = columns
            .iter()
            .map(|column| headers.iter().position(|h| column.aliases.iter().any(|alias| normalize(alias) == *h)))
            .collect();
        let missing: Vec<&str> = columns
            .iter()
            .zip(&positions)
            .filter(|(c, p)| c.required && p.is_none())
            .map(|(c, _)| c.aliases[0])
            .collect();
        if !missing.is_empty() {
            return Err(Message::new("import.header.missing")
                .with("file", &table.file)
                .with("missing", missing.join("、"))
                .with("headers", table.headers.join(", ")));
        }
        Ok(ColumnMap { positions, columns })
    }

    /// The trimmed cell of `column` in `cells`, empty when the column is absent.
    pub fn get<'a>(&self, cells: &'a [String], column: &Column) -> &'a str {
        self.columns
            .iter()
            .position(|c| c.name == column.name)
            .and_then(|i| self.positions[i])
            .and_then(|p| cells.get(p))
            .map_or("", |s| s.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::tabular::SourceTable;

    const NAME: Column = Column { name: "name", aliases: &["姓名", "name"], required: true };
    const WECHAT: Column = Column { name: "wechat", aliases: &["微信号", "wechat"], required: false };
    const COLUMNS: &[Column] = &[NAME, WECHAT];

    fn table(headers: &[&str]) -> SourceTable {
        SourceTable {
            file: "t.csv".into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: vec![],
            encoding: None,
        }
    }

    #[test]
    fn headers_match_in_chinese_or_english_whatever_the_case_or_spacing() {
        let map = ColumnMap::new(&table(&["WeChat", " Name "]), COLUMNS).unwrap();
        let cells = vec!["wx1".to_owned(), "王芳".to_owned()];
        assert_eq!((map.get(&cells, &NAME), map.get(&cells, &WECHAT)), ("王芳", "wx1"));
        assert!(ColumnMap::new(&table(&["姓名"]), COLUMNS).is_ok(), "optional columns may be absent");
        let error = ColumnMap::new(&table(&["微信号"]), COLUMNS).unwrap_err();
        assert_eq!((error.key.as_str(), error.params["missing"].as_str()), ("import.header.missing", "姓名"));
        assert!(error.render(crate::model::Lang::Zh).starts_with("t.csv:1：表头缺少 姓名"), "{error}");
    }
}
