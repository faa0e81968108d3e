//! A tiny seeded generator (SplitMix64): the sandbox's data must be the same
//! for the same seed on every machine, so no OS randomness is involved.

#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    /// A generator for one sub-stream, so that adding data in one place does
    /// not shift every value generated after it.
    pub fn derive(seed: u64, stream: u64) -> Rng {
        let mut base = Rng::new(seed);
        let mixed = base.next_u64() ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        Rng(mixed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `[low, high)`; `high` must be above `low`.
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        let span = (high - low).max(1) as u64;
        low + (self.next_u64() % span) as i64
    }

    pub fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as i64) as usize]
    }

    /// An index in `[0, n)` skewed towards small values, like the few groups
    /// and partners that bring most orders.
    pub fn skewed(&mut self, n: usize, skew: f64) -> usize {
        let u = self.unit().powf(skew);
        ((u * n as f64) as usize).min(n.saturating_sub(1))
    }
}
