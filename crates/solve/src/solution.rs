/// The options a solver chose, in the order it chose them.
///
/// # Examples
///
/// ```
/// use sightline_solve::{lazy_greedy, CoverageMatrix, Instance};
///
/// let matrix = CoverageMatrix::from_rows(3, [vec![0], vec![0, 1], vec![2]])?;
/// let instance = Instance::new(matrix, vec![1.0, 1.0, 1.0])?;
/// let solution = lazy_greedy(&instance, 2)?;
/// assert_eq!(solution.chosen(), &[1, 2]);
/// assert_eq!(solution.gains(), &[2.0, 1.0]);
/// assert_eq!(solution.objective(), 3.0);
/// # Ok::<(), sightline_solve::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Solution {
    chosen: Vec<u32>,
    gains: Vec<f64>,
    objective: f64,
}

impl Solution {
    /// Assembles a solution from the chosen options and each one's marginal
    /// gain (the weight it added when it was chosen).
    ///
    /// # Panics
    ///
    /// If the two vectors differ in length.
    pub fn new(chosen: Vec<u32>, gains: Vec<f64>) -> Self {
        assert_eq!(chosen.len(), gains.len(), "one gain per chosen option");
        // From +0.0, not `Sum`'s -0.0, so an empty solution prints as 0.
        let objective = gains.iter().fold(0.0, |total, g| total + g);
        Self {
            chosen,
            gains,
            objective,
        }
    }

    /// The chosen options, in the order they were chosen.
    pub fn chosen(&self) -> &[u32] {
        &self.chosen
    }

    /// The marginal gain of each chosen option, in the same order.
    pub fn gains(&self) -> &[f64] {
        &self.gains
    }

    /// The total weight covered by the chosen options.
    pub fn objective(&self) -> f64 {
        self.objective
    }
}
