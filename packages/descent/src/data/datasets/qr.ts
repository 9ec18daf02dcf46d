/**
 * Economic QR decomposition by Householder reflections, computed the way LAPACK's unblocked
 * `dgeqr2` + `dorg2r` do (what `scipy.linalg.qr(a, mode="economic")` and `numpy.linalg.qr` call),
 * so the signs match: each reflector `H = I - tau v v^T` maps column `x` to `beta e1` with
 * `beta = -sign(x0) ||x||`, so R's diagonal has the opposite sign of the pivot it replaced.
 *
 * `a`: row-major [m, n] float64. Returns `q`: row-major [m, k] with orthonormal columns,
 * `k = min(m, n)`. (R is not returned; its diagonal is `betas`.) Results agree with LAPACK to
 * rounding (LAPACK's BLAS may sum in another order, and switches to blocked code past 128
 * columns, which changes rounding only).
 */
export function householderQ(
  a: Float64Array,
  m: number,
  n: number,
): { q: Float64Array; betas: Float64Array } {
  const k = Math.min(m, n);
  // Column-major working copy, as LAPACK stores it: A[i + j * m].
  const A = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) A[i + j * m] = a[i * n + j];
  const tau = new Float64Array(k);
  const betas = new Float64Array(k);

  // dgeqr2: reflector i zeroes column i below the diagonal, then updates the columns to its right.
  for (let i = 0; i < k; i++) {
    const [t, beta] = householder(A, i + i * m, m - i);
    tau[i] = t;
    betas[i] = beta;
    if (i < n - 1) {
      const aii = A[i + i * m];
      A[i + i * m] = 1;
      applyLeft(A, m, i, i + 1, n, t);
      A[i + i * m] = aii;
    }
  }

  // dorg2r: Q = H_0 H_1 ... H_{k-1} applied to the first k columns of the identity, backwards.
  for (let i = k - 1; i >= 0; i--) {
    if (i < k - 1) {
      A[i + i * m] = 1;
      applyLeft(A, m, i, i + 1, k, tau[i]);
    }
    for (let r = i + 1; r < m; r++) A[r + i * m] *= -tau[i];
    A[i + i * m] = 1 - tau[i];
    for (let r = 0; r < i; r++) A[r + i * m] = 0;
  }

  const q = new Float64Array(m * k);
  for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) q[i * k + j] = A[i + j * m];
  return { q, betas };
}

/**
 * LAPACK `dlarfg` on the `len` entries starting at `A[at]` (alpha, then x): returns `[tau, beta]`
 * and overwrites x with v's tail (`v = [1, x / (alpha - beta)]`), alpha with beta.
 */
function householder(A: Float64Array, at: number, len: number): [number, number] {
  const alpha = A[at];
  if (len <= 1) return [0, alpha];
  const xnorm = norm2(A, at + 1, len - 1);
  if (xnorm === 0) return [0, alpha];
  const beta = -copySign(lapy2(alpha, xnorm), alpha);
  const tau = (beta - alpha) / beta;
  const s = 1 / (alpha - beta);
  for (let i = 1; i < len; i++) A[at + i] *= s;
  A[at] = beta;
  return [tau, beta];
}

/**
 * LAPACK `dlarf('Left')`: applies `H = I - tau v v^T` (v in column `col` from row `col` down)
 * to columns [c0, c1) of rows [col, m): `w = C^T v`, `C -= tau v w^T`.
 */
function applyLeft(
  A: Float64Array,
  m: number,
  col: number,
  c0: number,
  c1: number,
  tau: number,
): void {
  if (tau === 0) return;
  const v = col + col * m;
  for (let j = c0; j < c1; j++) {
    let w = 0;
    for (let r = col; r < m; r++) w += A[r + j * m] * A[v + r - col];
    const t = -tau * w;
    for (let r = col; r < m; r++) A[r + j * m] += A[v + r - col] * t;
  }
}

/** Euclidean norm of `len` entries from `at`, scaled against overflow (as BLAS `dnrm2`). */
function norm2(A: Float64Array, at: number, len: number): number {
  let scale = 0;
  for (let i = 0; i < len; i++) scale = Math.max(scale, Math.abs(A[at + i]));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let ssq = 0;
  for (let i = 0; i < len; i++) {
    const x = A[at + i] / scale;
    ssq += x * x;
  }
  return scale * Math.sqrt(ssq);
}

/** LAPACK `dlapy2`: sqrt(x^2 + y^2) without needless overflow. */
function lapy2(x: number, y: number): number {
  const w = Math.max(Math.abs(x), Math.abs(y));
  const z = Math.min(Math.abs(x), Math.abs(y));
  return z === 0 ? w : w * Math.sqrt(1 + (z / w) * (z / w));
}

/** Fortran SIGN(a, b): |a| with b's sign (+ for b = +0). */
function copySign(a: number, b: number): number {
  return b >= 0 && !Object.is(b, -0) ? Math.abs(a) : -Math.abs(a);
}
