/**
 * Row-major [rows, cols] values with orthonormal rows (rows <= cols) or columns (rows > cols):
 * the Q of the QR decomposition of an [max, min] matrix of `draw()` values whose R has a positive
 * diagonal (PyTorch's `Q * sign(diag R)`), transposed when rows < cols. Computed in float64 by
 * Gram-Schmidt with a second orthogonalisation pass, which keeps Q orthonormal to rounding.
 */
export function orthogonalRows(rows: number, cols: number, draw: () => number): Float64Array {
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  // column j of the [m, n] matrix in q[j*m .. j*m+m): PyTorch draws it row-major as [rows, cols]
  const q = new Float64Array(m * n);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const v = draw();
      if (tall) q[c * m + r] = v;
      else q[r * m + c] = v; // the transpose: column r of [cols, rows]
    }
  for (let j = 0; j < n; j++) {
    const cj = j * m;
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        const ck = k * m;
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[ck + i] * q[cj + i];
        for (let i = 0; i < m; i++) q[cj + i] -= dot * q[ck + i];
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[cj + i] * q[cj + i];
    norm = Math.sqrt(norm);
    if (norm === 0) throw new Error("orthogonal_: the random draw was rank deficient; draw again");
    for (let i = 0; i < m; i++) q[cj + i] /= norm;
  }
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[r * cols + c] = tall ? q[c * m + r] : q[r * m + c];
  return out;
}
