//! Promotion positions (推广位) as the platform keeps them: the generated
//! ones plus those created through `jd.union.open.position.create`, with the
//! platform's limits.

use std::sync::Mutex;

pub const MAX_POSITIONS: usize = 5_000;
pub const MAX_NAME_CHARS: usize = 30;
pub const MAX_PER_CREATE: usize = 50;
pub const MAX_QUERY_PAGE: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionEntry {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub code: i64,
    pub message: String,
}

#[derive(Debug)]
pub struct PositionBook {
    entries: Mutex<Vec<PositionEntry>>,
}

impl PositionBook {
    pub fn new(entries: Vec<PositionEntry>) -> PositionBook {
        PositionBook { entries: Mutex::new(entries) }
    }

    /// One page (from 1) of at most 100 positions, and how many there are.
    pub fn query(&self, page_index: usize, page_size: usize) -> Result<(Vec<PositionEntry>, usize), Refusal> {
        if page_index < 1 || !(1..=MAX_QUERY_PAGE).contains(&page_size) {
            return Err(refusal(2002400, "参数错误: pageIndex/pageSize（每页最多 100 个）"));
        }
        let entries = self.lock();
        let page = entries.iter().skip((page_index - 1) * page_size).take(page_size).cloned().collect();
        Ok((page, entries.len()))
    }

    /// Creates every name or none: at most 50 at once, names of 1–30
    /// characters, never past 5,000 positions.
    pub fn create(&self, names: &[String]) -> Result<Vec<PositionEntry>, Refusal> {
        if names.is_empty() || names.len() > MAX_PER_CREATE {
            return Err(refusal(2002400, "参数错误: spaceNameList 需要 1–50 个名称"));
        }
        if let Some(bad) = names.iter().find(|n| n.trim().is_empty() || n.chars().count() > MAX_NAME_CHARS) {
            return Err(refusal(2002400, &format!("参数错误: 推广位名称需 1–30 个字符: {bad:?}")));
        }
        let mut entries = self.lock();
        if entries.len() + names.len() > MAX_POSITIONS {
            return Err(refusal(2002400, "推广位数量已达上限 5000 个"));
        }
        let mut next = entries.iter().map(|e| e.id).max().unwrap_or(3_000_000_000) + 1;
        let created: Vec<PositionEntry> = names
            .iter()
            .map(|name| {
                let entry = PositionEntry { id: next, name: name.trim().to_owned() };
                next += 1;
                entry
            })
            .collect();
        entries.extend(created.iter().cloned());
        Ok(created)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<PositionEntry>> {
        // A list of plain records stays usable after a panicking holder.
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn refusal(code: i64, message: &str) -> Refusal {
    Refusal { code, message: message.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> PositionBook {
        PositionBook::new(vec![PositionEntry { id: 10, name: "宝妈好物1群".into() }])
    }

    #[test]
    fn created_positions_get_new_ids_and_show_up_in_queries() {
        let book = book();
        let created = book.create(&["新群A".into(), "新群B".into()]).unwrap();
        assert_eq!(created.iter().map(|e| e.id).collect::<Vec<_>>(), vec![11, 12]);
        let (page, total) = book.query(1, 100).unwrap();
        assert_eq!(total, 3);
        assert_eq!(page[2].name, "新群B");
        assert_eq!(book.query(2, 2).unwrap().0.len(), 1);
    }

    #[test]
    fn limits_refuse_the_whole_request() {
        let book = book();
        assert!(book.create(&["三十一个字".repeat(7)]).is_err(), "over 30 characters");
        assert!(book.create(&vec!["x".to_owned(); 51]).is_err(), "over 50 at once");
        assert!(book.create(&["ok".into(), " ".into()]).is_err(), "a blank name");
        assert_eq!(book.query(1, 100).unwrap().1, 1, "nothing half-created");
        assert!(book.query(1, 101).is_err());
        let full = PositionBook::new((0..5_000).map(|i| PositionEntry { id: i, name: format!("p{i}") }).collect());
        assert_eq!(full.create(&["one more".into()]).unwrap_err().message, "推广位数量已达上限 5000 个");
    }
}
