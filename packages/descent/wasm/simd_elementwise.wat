;; descent's float32 elementwise kernels in WebAssembly SIMD, 4 lanes at a time: exp, log (inside
;; BCE and softmax), relu and its gradient, BCE and its gradient, softmax over rows, a bias row
;; added to every row, column sums. Called by src/backend/simd/simd_kernels.ts; each must agree with
;; the JS reference kernel (test/backend/simd.test.ts: bit for bit, or within the ulps stated there).
;;
;; Vector constants are named by value: $f0.5 is f32x4 0.5 in every lane, $i127 is i32x4 127. Each is
;; a mutable global, read into a local of the same name before a function's loop: taken from a
;; v128.const, a local is a known constant to V8, which then rebuilds it with three instructions at
;; every use inside the loop; read from a mutable global it is a plain value in a register.
;; Every function works on whole vectors: a count of floats is rounded up to a multiple of 4, and
;; callers (src/backend/simd/simd_kernels.ts) leave room after their arrays.
(module

  (global $f89 (mut v128) (v128.const f32x4 89 89 89 89))
  (global $f-104 (mut v128) (v128.const f32x4 -104 -104 -104 -104))
  (global $f1.4426950408889634 (mut v128) (v128.const f32x4 1.4426950408889634 1.4426950408889634 1.4426950408889634 1.4426950408889634))
  (global $f12582912 (mut v128) (v128.const f32x4 12582912 12582912 12582912 12582912))
  (global $i0x4b400000 (mut v128) (v128.const i32x4 1262485504 1262485504 1262485504 1262485504))
  (global $f0.693359375 (mut v128) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))
  (global $f-0.00021219444 (mut v128) (v128.const f32x4 -0.00021219444 -0.00021219444 -0.00021219444 -0.00021219444))
  (global $f0.000198756915 (mut v128) (v128.const f32x4 0.000198756915 0.000198756915 0.000198756915 0.000198756915))
  (global $f0.0013981999507 (mut v128) (v128.const f32x4 0.0013981999507 0.0013981999507 0.0013981999507 0.0013981999507))
  (global $f0.0083334519073 (mut v128) (v128.const f32x4 0.0083334519073 0.0083334519073 0.0083334519073 0.0083334519073))
  (global $f0.041665795894 (mut v128) (v128.const f32x4 0.041665795894 0.041665795894 0.041665795894 0.041665795894))
  (global $f0.16666665459 (mut v128) (v128.const f32x4 0.16666665459 0.16666665459 0.16666665459 0.16666665459))
  (global $f0.50000001201 (mut v128) (v128.const f32x4 0.50000001201 0.50000001201 0.50000001201 0.50000001201))
  (global $f1 (mut v128) (v128.const f32x4 1 1 1 1))
  (global $i127 (mut v128) (v128.const i32x4 127 127 127 127))
  (global $f1.1754943508222875e-38 (mut v128) (v128.const f32x4 1.1754943508222875e-38 1.1754943508222875e-38 1.1754943508222875e-38 1.1754943508222875e-38))
  (global $f33554432 (mut v128) (v128.const f32x4 33554432 33554432 33554432 33554432))
  (global $i126 (mut v128) (v128.const i32x4 126 126 126 126))
  (global $i25 (mut v128) (v128.const i32x4 25 25 25 25))
  (global $i0x7fffff (mut v128) (v128.const i32x4 8388607 8388607 8388607 8388607))
  (global $i0x3f000000 (mut v128) (v128.const i32x4 1056964608 1056964608 1056964608 1056964608))
  (global $f0.7071067811865476 (mut v128) (v128.const f32x4 0.7071067811865476 0.7071067811865476 0.7071067811865476 0.7071067811865476))
  (global $f0.070376836292 (mut v128) (v128.const f32x4 0.070376836292 0.070376836292 0.070376836292 0.070376836292))
  (global $f-0.1151461031 (mut v128) (v128.const f32x4 -0.1151461031 -0.1151461031 -0.1151461031 -0.1151461031))
  (global $f0.1167699874 (mut v128) (v128.const f32x4 0.1167699874 0.1167699874 0.1167699874 0.1167699874))
  (global $f-0.1242014084 (mut v128) (v128.const f32x4 -0.1242014084 -0.1242014084 -0.1242014084 -0.1242014084))
  (global $f0.14249322787 (mut v128) (v128.const f32x4 0.14249322787 0.14249322787 0.14249322787 0.14249322787))
  (global $f-0.16668057665 (mut v128) (v128.const f32x4 -0.16668057665 -0.16668057665 -0.16668057665 -0.16668057665))
  (global $f0.20000714765 (mut v128) (v128.const f32x4 0.20000714765 0.20000714765 0.20000714765 0.20000714765))
  (global $f-0.24999993993 (mut v128) (v128.const f32x4 -0.24999993993 -0.24999993993 -0.24999993993 -0.24999993993))
  (global $f0.33333331174 (mut v128) (v128.const f32x4 0.33333331174 0.33333331174 0.33333331174 0.33333331174))
  (global $f0.5 (mut v128) (v128.const f32x4 0.5 0.5 0.5 0.5))
  (global $f-inf (mut v128) (v128.const f32x4 -inf -inf -inf -inf))
  (global $f0 (mut v128) (v128.const f32x4 0 0 0 0))
  (global $f-100 (mut v128) (v128.const f32x4 -100 -100 -100 -100))

  (memory (export "memory") 1)

  ;; log(x) for x in [0, 1] or above (Cephes' logf): x = 2^e m with m in [sqrt(1/2), sqrt(2)),
  ;; log(1 + (m - 1)) by a degree-9 polynomial, plus e ln 2 (ln 2 in two parts). Subnormal x is scaled
  ;; by 2^25 first; 0 gives -inf. A function: its callers (BCE, a row's log-sum) are not hot loops.
  (func $log (param $lx v128) (result v128)
    (local $ly v128) (local $le v128) (local $lm v128) (local $lz v128) (local $lt v128)
    (local $lf v128) (local $den v128) (local $f0.693359375 v128) (local $f-0.00021219444 v128)
    (local $f1 v128) (local $f1.1754943508222875e-38 v128) (local $f33554432 v128)
    (local $i126 v128) (local $i25 v128) (local $i0x7fffff v128) (local $i0x3f000000 v128)
    (local $f0.7071067811865476 v128) (local $f0.070376836292 v128) (local $f-0.1151461031 v128)
    (local $f0.1167699874 v128) (local $f-0.1242014084 v128) (local $f0.14249322787 v128)
    (local $f-0.16668057665 v128) (local $f0.20000714765 v128) (local $f-0.24999993993 v128)
    (local $f0.33333331174 v128) (local $f0.5 v128) (local $f-inf v128) (local $f0 v128)
    (local.set $f0.693359375 (global.get $f0.693359375))
    (local.set $f-0.00021219444 (global.get $f-0.00021219444))
    (local.set $f1 (global.get $f1))
    (local.set $f1.1754943508222875e-38 (global.get $f1.1754943508222875e-38))
    (local.set $f33554432 (global.get $f33554432))
    (local.set $i126 (global.get $i126))
    (local.set $i25 (global.get $i25))
    (local.set $i0x7fffff (global.get $i0x7fffff))
    (local.set $i0x3f000000 (global.get $i0x3f000000))
    (local.set $f0.7071067811865476 (global.get $f0.7071067811865476))
    (local.set $f0.070376836292 (global.get $f0.070376836292))
    (local.set $f-0.1151461031 (global.get $f-0.1151461031))
    (local.set $f0.1167699874 (global.get $f0.1167699874))
    (local.set $f-0.1242014084 (global.get $f-0.1242014084))
    (local.set $f0.14249322787 (global.get $f0.14249322787))
    (local.set $f-0.16668057665 (global.get $f-0.16668057665))
    (local.set $f0.20000714765 (global.get $f0.20000714765))
    (local.set $f-0.24999993993 (global.get $f-0.24999993993))
    (local.set $f0.33333331174 (global.get $f0.33333331174))
    (local.set $f0.5 (global.get $f0.5))
    (local.set $f-inf (global.get $f-inf))
    (local.set $f0 (global.get $f0))
    ;; Subnormal x (den): scaled by 2^25, its exponent lowered by 25.
    (local.set $den (f32x4.lt (local.get $lx) (local.get $f1.1754943508222875e-38)))
    (local.set $lx
      (v128.bitselect
        (f32x4.mul (local.get $lx) (local.get $f33554432))
        (local.get $lx)
        (local.get $den)))
    (local.set $le (i32x4.sub (i32x4.shr_s (local.get $lx) (i32.const 23)) (local.get $i126)))
    (local.set $le (i32x4.sub (local.get $le) (v128.and (local.get $den) (local.get $i25))))
    (local.set $lm
      (v128.or (v128.and (local.get $lx) (local.get $i0x7fffff)) (local.get $i0x3f000000)))
    ;; m < sqrt(1/2): use 2m - 1 and e - 1, else m - 1.
    (local.set $lt (f32x4.lt (local.get $lm) (local.get $f0.7071067811865476)))
    (local.set $le (i32x4.add (local.get $le) (local.get $lt)))
    (local.set $lm
      (f32x4.sub
        (f32x4.add (local.get $lm) (v128.and (local.get $lm) (local.get $lt)))
        (local.get $f1)))
    (local.set $lz (f32x4.mul (local.get $lm) (local.get $lm)))
    (local.set $ly
      (f32x4.add
        (f32x4.mul (local.get $f0.070376836292) (local.get $lm))
        (local.get $f-0.1151461031)))
    (local.set $ly
      (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f0.1167699874)))
    (local.set $ly
      (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f-0.1242014084)))
    (local.set $ly
      (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f0.14249322787)))
    (local.set $ly
      (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f-0.16668057665)))
    (local.set $ly
      (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f0.20000714765)))
    (local.set $ly
      (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f-0.24999993993)))
    (local.set $ly
      (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f0.33333331174)))
    (local.set $ly (f32x4.mul (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $lz)))
    (local.set $lf (f32x4.convert_i32x4_s (local.get $le)))
    (local.set $ly
      (f32x4.add (local.get $ly) (f32x4.mul (local.get $lf) (local.get $f-0.00021219444))))
    (local.set $ly (f32x4.sub (local.get $ly) (f32x4.mul (local.get $lz) (local.get $f0.5))))
    (local.set $ly
      (f32x4.add
        (f32x4.add (local.get $lm) (local.get $ly))
        (f32x4.mul (local.get $lf) (local.get $f0.693359375))))
    (local.set $ly
      (v128.bitselect (local.get $f-inf) (local.get $ly) (f32x4.eq (local.get $lx) (local.get $f0))))
    (local.get $ly))

  ;; exp(x) (Cephes' expf): n = round(x / ln 2), r = x - n ln 2 (ln 2 split in two for an exact
  ;; product), e^r by a degree-7 polynomial, times 2^n built in the exponent bits, in two halves
  ;; ($h and n - h) so that 2^-150..2^128 stay representable. x is clamped to [-104, 89] first (pmin
  ;; and pmax, one instruction each, with x first so that NaN passes): below, e^x is 0 in float32;
  ;; above, the product overflows to +inf, as it should. Within 2 ulp over the whole float32 range.
  ;; The same steps are inlined in softmax_rows.
  (func (export "exp") (param $src i32) (param $dst i32) (param $count i32)
    (local $at i32) (local $end i32) (local $x v128) (local $t v128) (local $r v128) (local $p v128)
    (local $i v128) (local $h v128) (local $e v128) (local $f89 v128) (local $f-104 v128)
    (local $f1.4426950408889634 v128) (local $f12582912 v128) (local $i0x4b400000 v128)
    (local $f0.693359375 v128) (local $f-0.00021219444 v128) (local $f0.000198756915 v128)
    (local $f0.0013981999507 v128) (local $f0.0083334519073 v128) (local $f0.041665795894 v128)
    (local $f0.16666665459 v128) (local $f0.50000001201 v128) (local $f1 v128) (local $i127 v128)
    (local.set $f89 (global.get $f89))
    (local.set $f-104 (global.get $f-104))
    (local.set $f1.4426950408889634 (global.get $f1.4426950408889634))
    (local.set $f12582912 (global.get $f12582912))
    (local.set $i0x4b400000 (global.get $i0x4b400000))
    (local.set $f0.693359375 (global.get $f0.693359375))
    (local.set $f-0.00021219444 (global.get $f-0.00021219444))
    (local.set $f0.000198756915 (global.get $f0.000198756915))
    (local.set $f0.0013981999507 (global.get $f0.0013981999507))
    (local.set $f0.0083334519073 (global.get $f0.0083334519073))
    (local.set $f0.041665795894 (global.get $f0.041665795894))
    (local.set $f0.16666665459 (global.get $f0.16666665459))
    (local.set $f0.50000001201 (global.get $f0.50000001201))
    (local.set $f1 (global.get $f1))
    (local.set $i127 (global.get $i127))
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $src) (local.get $at))))
        ;; x clamped to [-104, 89] (pmin/pmax: one instruction each; x first, so NaN passes).
        (local.set $x (f32x4.pmax (f32x4.pmin (local.get $x) (local.get $f89)) (local.get $f-104)))
        ;; x / ln 2 + 1.5 * 2^23 rounds to the nearest integer n, in the low mantissa bits.
        (local.set $t
          (f32x4.add
            (f32x4.mul (local.get $x) (local.get $f1.4426950408889634))
            (local.get $f12582912)))
        (local.set $i (i32x4.sub (local.get $t) (local.get $i0x4b400000)))
        (local.set $t (f32x4.sub (local.get $t) (local.get $f12582912)))
        ;; r = x - n ln 2, ln 2 in two parts (0.693359375 - 2.1219444e-4: n c1 is exact);
        ;; e^r by a degree-7 polynomial.
        (local.set $r
          (f32x4.sub
            (f32x4.sub (local.get $x) (f32x4.mul (local.get $t) (local.get $f0.693359375)))
            (f32x4.mul (local.get $t) (local.get $f-0.00021219444))))
        (local.set $p
          (f32x4.add
            (f32x4.mul (local.get $f0.000198756915) (local.get $r))
            (local.get $f0.0013981999507)))
        (local.set $p
          (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $f0.0083334519073)))
        (local.set $p
          (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $f0.041665795894)))
        (local.set $p
          (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $f0.16666665459)))
        (local.set $p
          (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $f0.50000001201)))
        (local.set $p
          (f32x4.add
            (f32x4.add
              (f32x4.mul (f32x4.mul (local.get $p) (local.get $r)) (local.get $r))
              (local.get $r))
            (local.get $f1)))
        ;; 2^n = 2^h * 2^(n - h), h = n / 2, each a float built from its biased exponent.
        (local.set $h (i32x4.shr_s (local.get $i) (i32.const 1)))
        (local.set $e
          (f32x4.mul
            (f32x4.mul
              (local.get $p)
              (i32x4.shl (i32x4.add (local.get $h) (local.get $i127)) (i32.const 23)))
            (i32x4.shl
              (i32x4.add (i32x4.sub (local.get $i) (local.get $h)) (local.get $i127))
              (i32.const 23))))
        (v128.store (i32.add (local.get $dst) (local.get $at)) (local.get $e))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next))))

  ;; add_rows(c, tile, period, count): a bias row added to every row of c.
  (func (export "add_rows") (param $c i32) (param $tile i32) (param $period i32) (param $count i32)
    ;; c[i] += tile[i mod period], 4 floats at a time: the tile holds the bias row 4 times
    ;; (period = 16 n bytes), so that the pattern repeats in whole vectors whatever n is.
    (local $at i32)
    (local $end i32)
    (local $t i32)
    (local.set $end (i32.add (local.get $c) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $at (local.get $c))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (v128.store
          (local.get $at)
          (f32x4.add
            (v128.load (local.get $at))
            (v128.load (i32.add (local.get $tile) (local.get $t)))))
        (local.set $t (i32.add (local.get $t) (i32.const 16)))
        (if (i32.eq (local.get $t) (local.get $period)) (then (local.set $t (i32.const 0))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next))))

  ;; col_sums(g, acc, period, count): the column sums of g (a bias gradient), in float64.
  (func (export "col_sums") (param $g i32) (param $acc i32) (param $period i32) (param $count i32)
    ;; acc[i mod period] += g[i] in float64 (acc: 2 period bytes, zeroed by the caller), so that
    ;; each of the 4 n partial sums of column j (i = j mod n) accumulates exactly as in JS.
    (local $at i32)
    (local $end i32)
    (local $t i32)
    (local $v v128)
    (local $a i32)
    (local.set $end (i32.add (local.get $g) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $at (local.get $g))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $v (v128.load (local.get $at)))
        (local.set $a (i32.add (local.get $acc) (local.get $t)))
        (v128.store
          (local.get $a)
          (f64x2.add (v128.load (local.get $a)) (f64x2.promote_low_f32x4 (local.get $v))))
        (v128.store offset=16
          (local.get $a)
          (f64x2.add
            (v128.load offset=16 (local.get $a))
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
        (local.set $t (i32.add (local.get $t) (i32.const 32)))
        (if (i32.eq (local.get $t) (local.get $period)) (then (local.set $t (i32.const 0))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next))))

  ;; relu: x where x > 0, else +0; NaN stays NaN (x <= 0 is false for it). Branch-free: the JS
  ;; kernel's branch mispredicts on every other element of random signs.
  (func (export "relu") (param $src i32) (param $dst i32) (param $count i32)
    (local $at i32) (local $end i32) (local $x v128) (local $t v128) (local $r v128) (local $p v128)
    (local $i v128) (local $h v128) (local $e v128) (local $f0 v128)
    (local.set $f0 (global.get $f0))
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $src) (local.get $at))))
        (v128.store
          (i32.add (local.get $dst) (local.get $at))
          (v128.andnot (local.get $x) (f32x4.le (local.get $x) (local.get $f0))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next))))

  ;; relu_grad(x, g): g where x > 0 (or x is NaN), else 0: relu's backward from its input.
  (func (export "relu_grad") (param $src i32) (param $g i32) (param $dst i32) (param $count i32)
    (local $at i32) (local $end i32) (local $x v128) (local $t v128) (local $r v128) (local $p v128)
    (local $i v128) (local $h v128) (local $e v128) (local $f0 v128)
    (local.set $f0 (global.get $f0))
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (v128.store
          (i32.add (local.get $dst) (local.get $at))
          (v128.andnot
            (v128.load (i32.add (local.get $g) (local.get $at)))
            (f32x4.le (v128.load (i32.add (local.get $src) (local.get $at))) (local.get $f0))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next))))

  ;; bce(x, y, dst, count): -(y max(log x, -100) + (1 - y) max(log(1 - x), -100)), PyTorch's clamped
  ;; logs (callers pad with zeros). Where all 4 targets are 0 or 1, one log, inlined:
  ;; -max(log x, -100) for y = 1, -max(log(1 - x), -100) for y = 0, which is what the sum gives (the
  ;; other term is a signed zero, which changes nothing). The clamp is pmax with the log first (one
  ;; instruction, and a NaN passes; max is seven in V8): 1000 floats 2.7 -> 2.3 us. Returns the sum
  ;; of dst[0, count) in float64, in index order (what a loss's sum or mean needs), when every x and
  ;; y is in [0, 1], else NaN (NaN is not in range): the range check PyTorch makes, in the same pass.
  (func (export "bce") (param $src i32) (param $y i32) (param $dst i32) (param $count i32)
      (result f64)
    (local $sum f64) (local $at i32) (local $end i32) (local $x v128) (local $r v128) (local $p v128) (local $t v128)
    (local $ok v128) (local $ly v128) (local $le v128) (local $lm v128) (local $lz v128)
    (local $lt v128) (local $lf v128) (local $den v128) (local $lx v128) (local $f0.693359375 v128)
    (local $f-0.00021219444 v128) (local $f1 v128) (local $f1.1754943508222875e-38 v128)
    (local $f33554432 v128) (local $i126 v128) (local $i25 v128) (local $i0x7fffff v128)
    (local $i0x3f000000 v128) (local $f0.7071067811865476 v128) (local $f0.070376836292 v128)
    (local $f-0.1151461031 v128) (local $f0.1167699874 v128) (local $f-0.1242014084 v128)
    (local $f0.14249322787 v128) (local $f-0.16668057665 v128) (local $f0.20000714765 v128)
    (local $f-0.24999993993 v128) (local $f0.33333331174 v128) (local $f0.5 v128)
    (local $f-inf v128) (local $f0 v128) (local $f-100 v128)
    (local.set $f0.693359375 (global.get $f0.693359375))
    (local.set $f-0.00021219444 (global.get $f-0.00021219444))
    (local.set $f1 (global.get $f1))
    (local.set $f1.1754943508222875e-38 (global.get $f1.1754943508222875e-38))
    (local.set $f33554432 (global.get $f33554432))
    (local.set $i126 (global.get $i126))
    (local.set $i25 (global.get $i25))
    (local.set $i0x7fffff (global.get $i0x7fffff))
    (local.set $i0x3f000000 (global.get $i0x3f000000))
    (local.set $f0.7071067811865476 (global.get $f0.7071067811865476))
    (local.set $f0.070376836292 (global.get $f0.070376836292))
    (local.set $f-0.1151461031 (global.get $f-0.1151461031))
    (local.set $f0.1167699874 (global.get $f0.1167699874))
    (local.set $f-0.1242014084 (global.get $f-0.1242014084))
    (local.set $f0.14249322787 (global.get $f0.14249322787))
    (local.set $f-0.16668057665 (global.get $f-0.16668057665))
    (local.set $f0.20000714765 (global.get $f0.20000714765))
    (local.set $f-0.24999993993 (global.get $f-0.24999993993))
    (local.set $f0.33333331174 (global.get $f0.33333331174))
    (local.set $f0.5 (global.get $f0.5))
    (local.set $f-inf (global.get $f-inf))
    (local.set $f0 (global.get $f0))
    (local.set $f-100 (global.get $f-100))
    (local.set $ok (i32x4.eq (local.get $ok) (local.get $ok)))
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $src) (local.get $at))))
        (local.set $r (v128.load (i32.add (local.get $y) (local.get $at))))
        (local.set $ok
          (v128.and
            (local.get $ok)
            (v128.and
              (v128.and
                (f32x4.ge (local.get $x) (local.get $f0))
                (f32x4.le (local.get $x) (local.get $f1)))
              (v128.and
                (f32x4.ge (local.get $r) (local.get $f0))
                (f32x4.le (local.get $r) (local.get $f1))))))
        (local.set $p (f32x4.eq (local.get $r) (local.get $f1)))
        (if (i32x4.all_true (v128.or (local.get $p) (f32x4.eq (local.get $r) (local.get $f0))))
          (then
            (local.set $lx
              (v128.bitselect
                (local.get $x)
                (f32x4.sub (local.get $f1) (local.get $x))
                (local.get $p)))
            ;; Subnormal x (den): scaled by 2^25, its exponent lowered by 25.
            (local.set $den (f32x4.lt (local.get $lx) (local.get $f1.1754943508222875e-38)))
            (local.set $lx
              (v128.bitselect
                (f32x4.mul (local.get $lx) (local.get $f33554432))
                (local.get $lx)
                (local.get $den)))
            (local.set $le
              (i32x4.sub (i32x4.shr_s (local.get $lx) (i32.const 23)) (local.get $i126)))
            (local.set $le (i32x4.sub (local.get $le) (v128.and (local.get $den) (local.get $i25))))
            (local.set $lm
              (v128.or (v128.and (local.get $lx) (local.get $i0x7fffff)) (local.get $i0x3f000000)))
            ;; m < sqrt(1/2): use 2m - 1 and e - 1, else m - 1.
            (local.set $lt (f32x4.lt (local.get $lm) (local.get $f0.7071067811865476)))
            (local.set $le (i32x4.add (local.get $le) (local.get $lt)))
            (local.set $lm
              (f32x4.sub
                (f32x4.add (local.get $lm) (v128.and (local.get $lm) (local.get $lt)))
                (local.get $f1)))
            (local.set $lz (f32x4.mul (local.get $lm) (local.get $lm)))
            (local.set $ly
              (f32x4.add
                (f32x4.mul (local.get $f0.070376836292) (local.get $lm))
                (local.get $f-0.1151461031)))
            (local.set $ly
              (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f0.1167699874)))
            (local.set $ly
              (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f-0.1242014084)))
            (local.set $ly
              (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f0.14249322787)))
            (local.set $ly
              (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f-0.16668057665)))
            (local.set $ly
              (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f0.20000714765)))
            (local.set $ly
              (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f-0.24999993993)))
            (local.set $ly
              (f32x4.add (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $f0.33333331174)))
            (local.set $ly (f32x4.mul (f32x4.mul (local.get $ly) (local.get $lm)) (local.get $lz)))
            (local.set $lf (f32x4.convert_i32x4_s (local.get $le)))
            (local.set $ly
              (f32x4.add (local.get $ly) (f32x4.mul (local.get $lf) (local.get $f-0.00021219444))))
            (local.set $ly
              (f32x4.sub (local.get $ly) (f32x4.mul (local.get $lz) (local.get $f0.5))))
            (local.set $ly
              (f32x4.add
                (f32x4.add (local.get $lm) (local.get $ly))
                (f32x4.mul (local.get $lf) (local.get $f0.693359375))))
            (local.set $ly
              (v128.bitselect
                (local.get $f-inf)
                (local.get $ly)
                (f32x4.eq (local.get $lx) (local.get $f0))))
            (v128.store
              (i32.add (local.get $dst) (local.get $at))
              (f32x4.neg (f32x4.pmax (local.get $ly) (local.get $f-100)))))
          (else
            (local.set $t
              (f32x4.pmax (call $log (f32x4.sub (local.get $f1) (local.get $x))) (local.get $f-100)))
            (local.set $x (f32x4.pmax (call $log (local.get $x)) (local.get $f-100)))
            (v128.store
              (i32.add (local.get $dst) (local.get $at))
              (f32x4.neg
                (f32x4.add
                  (f32x4.mul (local.get $r) (local.get $x))
                  (f32x4.mul (f32x4.sub (local.get $f1) (local.get $r)) (local.get $t)))))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next)))
    (local.set $at (i32.const 0))
    (block $summed
      (loop $add
        (br_if $summed (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $sum
          (f64.add
            (local.get $sum)
            (f64.promote_f32 (f32.load (i32.add (local.get $dst) (local.get $at))))))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $add)))
    (select (local.get $sum) (f64.const nan) (i32x4.all_true (local.get $ok))))

  ;; softmax_rows(src, dst, lse, groups, c, scratch): softmax over rows of c floats, 4 rows at a time
  ;; (lane r holds row 4 g + r, gathered and scattered element by element, so c may be anything):
  ;; m = the row's max (NaN wins; an all -inf row uses 0), e = exp(x - m) (exp's steps inlined),
  ;; dst = e / sum(e); m and log(sum(e)) go to lse (4 groups floats each), kept apart so that
  ;; x - m - log(sum(e)) loses nothing to rounding. scratch: 16 c bytes.
  (func (export "softmax_rows") (param $src i32) (param $dst i32) (param $lse i32)
      (param $groups i32) (param $c i32) (param $scratch i32)
    (local $g i32) (local $j i32) (local $off i32) (local $rowb i32) (local $a0 i32) (local $a1 i32)
    (local $a2 i32) (local $a3 i32) (local $d0 i32) (local $d1 i32) (local $d2 i32) (local $d3 i32)
    (local $m v128) (local $s v128) (local $v v128) (local $x v128) (local $t v128) (local $r v128)
    (local $p v128) (local $i v128) (local $h v128) (local $e v128) (local $f89 v128)
    (local $f-104 v128) (local $f1.4426950408889634 v128) (local $f12582912 v128)
    (local $i0x4b400000 v128) (local $f0.693359375 v128) (local $f-0.00021219444 v128)
    (local $f0.000198756915 v128) (local $f0.0013981999507 v128) (local $f0.0083334519073 v128)
    (local $f0.041665795894 v128) (local $f0.16666665459 v128) (local $f0.50000001201 v128)
    (local $f1 v128) (local $i127 v128) (local $f-inf v128) (local $f0 v128)
    (local.set $f89 (global.get $f89))
    (local.set $f-104 (global.get $f-104))
    (local.set $f1.4426950408889634 (global.get $f1.4426950408889634))
    (local.set $f12582912 (global.get $f12582912))
    (local.set $i0x4b400000 (global.get $i0x4b400000))
    (local.set $f0.693359375 (global.get $f0.693359375))
    (local.set $f-0.00021219444 (global.get $f-0.00021219444))
    (local.set $f0.000198756915 (global.get $f0.000198756915))
    (local.set $f0.0013981999507 (global.get $f0.0013981999507))
    (local.set $f0.0083334519073 (global.get $f0.0083334519073))
    (local.set $f0.041665795894 (global.get $f0.041665795894))
    (local.set $f0.16666665459 (global.get $f0.16666665459))
    (local.set $f0.50000001201 (global.get $f0.50000001201))
    (local.set $f1 (global.get $f1))
    (local.set $i127 (global.get $i127))
    (local.set $f-inf (global.get $f-inf))
    (local.set $f0 (global.get $f0))
    (local.set $rowb (i32.shl (local.get $c) (i32.const 2)))
    (block $done
      (loop $group
        (br_if $done (i32.ge_u (local.get $g) (local.get $groups)))
        (local.set $a0
          (i32.add
            (local.get $src)
            (i32.mul (local.get $g) (i32.shl (local.get $rowb) (i32.const 2)))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $rowb)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $rowb)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $rowb)))
        (local.set $d0 (i32.add (local.get $dst) (i32.sub (local.get $a0) (local.get $src))))
        (local.set $d1 (i32.add (local.get $d0) (local.get $rowb)))
        (local.set $d2 (i32.add (local.get $d1) (local.get $rowb)))
        (local.set $d3 (i32.add (local.get $d2) (local.get $rowb)))
        (local.set $m (local.get $f-inf))
        (local.set $j (i32.const 0))
        (block $jd
          (loop $js
            (br_if $jd (i32.ge_u (local.get $j) (local.get $c)))
            (local.set $off (i32.shl (local.get $j) (i32.const 2)))
            (local.set $v (f32x4.splat (f32.load (i32.add (local.get $a0) (local.get $off)))))
            (local.set $v
              (f32x4.replace_lane 1
                (local.get $v)
                (f32.load (i32.add (local.get $a1) (local.get $off)))))
            (local.set $v
              (f32x4.replace_lane 2
                (local.get $v)
                (f32.load (i32.add (local.get $a2) (local.get $off)))))
            (local.set $v
              (f32x4.replace_lane 3
                (local.get $v)
                (f32.load (i32.add (local.get $a3) (local.get $off)))))
            (v128.store
              (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 4)))
              (local.get $v))
            (local.set $m (f32x4.max (local.get $m) (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $js)))
        (local.set $m
          (v128.bitselect
            (local.get $f0)
            (local.get $m)
            (f32x4.eq (local.get $m) (local.get $f-inf))))
        (local.set $s (local.get $f0))
        (local.set $j (i32.const 0))
        (block $jd
          (loop $js
            (br_if $jd (i32.ge_u (local.get $j) (local.get $c)))
            (local.set $off (i32.shl (local.get $j) (i32.const 2)))
            (local.set $x
              (f32x4.sub
                (v128.load (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 4))))
                (local.get $m)))
            (local.set $x
              (f32x4.pmax (f32x4.pmin (local.get $x) (local.get $f89)) (local.get $f-104)))
            ;; x / ln 2 + 1.5 * 2^23 rounds to the nearest integer n, in the low mantissa bits.
            (local.set $t
              (f32x4.add
                (f32x4.mul (local.get $x) (local.get $f1.4426950408889634))
                (local.get $f12582912)))
            (local.set $i (i32x4.sub (local.get $t) (local.get $i0x4b400000)))
            (local.set $t (f32x4.sub (local.get $t) (local.get $f12582912)))
            ;; r = x - n ln 2, ln 2 in two parts (0.693359375 - 2.1219444e-4: n c1 is exact);
            ;; e^r by a degree-7 polynomial.
            (local.set $r
              (f32x4.sub
                (f32x4.sub (local.get $x) (f32x4.mul (local.get $t) (local.get $f0.693359375)))
                (f32x4.mul (local.get $t) (local.get $f-0.00021219444))))
            (local.set $p
              (f32x4.add
                (f32x4.mul (local.get $f0.000198756915) (local.get $r))
                (local.get $f0.0013981999507)))
            (local.set $p
              (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $f0.0083334519073)))
            (local.set $p
              (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $f0.041665795894)))
            (local.set $p
              (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $f0.16666665459)))
            (local.set $p
              (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (local.get $f0.50000001201)))
            (local.set $p
              (f32x4.add
                (f32x4.add
                  (f32x4.mul (f32x4.mul (local.get $p) (local.get $r)) (local.get $r))
                  (local.get $r))
                (local.get $f1)))
            ;; 2^n = 2^h * 2^(n - h), h = n / 2, each a float built from its biased exponent.
            (local.set $h (i32x4.shr_s (local.get $i) (i32.const 1)))
            (local.set $e
              (f32x4.mul
                (f32x4.mul
                  (local.get $p)
                  (i32x4.shl (i32x4.add (local.get $h) (local.get $i127)) (i32.const 23)))
                (i32x4.shl
                  (i32x4.add (i32x4.sub (local.get $i) (local.get $h)) (local.get $i127))
                  (i32.const 23))))
            (v128.store
              (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 4)))
              (local.get $e))
            (local.set $s (f32x4.add (local.get $s) (local.get $e)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $js)))
        (local.set $j (i32.const 0))
        (block $jd
          (loop $js
            (br_if $jd (i32.ge_u (local.get $j) (local.get $c)))
            (local.set $off (i32.shl (local.get $j) (i32.const 2)))
            (local.set $v
              (f32x4.div
                (v128.load (i32.add (local.get $scratch) (i32.shl (local.get $j) (i32.const 4))))
                (local.get $s)))
            (f32.store
              (i32.add (local.get $d0) (local.get $off))
              (f32x4.extract_lane 0 (local.get $v)))
            (f32.store
              (i32.add (local.get $d1) (local.get $off))
              (f32x4.extract_lane 1 (local.get $v)))
            (f32.store
              (i32.add (local.get $d2) (local.get $off))
              (f32x4.extract_lane 2 (local.get $v)))
            (f32.store
              (i32.add (local.get $d3) (local.get $off))
              (f32x4.extract_lane 3 (local.get $v)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $js)))
        (local.set $off (i32.add (local.get $lse) (i32.shl (local.get $g) (i32.const 4))))
        (v128.store (local.get $off) (local.get $m))
        (v128.store
          (i32.add (local.get $off) (i32.shl (local.get $groups) (i32.const 4)))
          (call $log (local.get $s)))
        (local.set $g (i32.add (local.get $g) (i32.const 1)))
        (br $group))))

  ;; bce_grad(x, y, dst, count, scale): BCE's gradient for one upstream value.
  (func (export "bce_grad") (param $src i32) (param $y i32) (param $dst i32) (param $count i32)
      (param $scale f32)
    ;; scale (x - y) / max(x (1 - x), 1e-12): BCE's gradient for one upstream value, as PyTorch.
    (local $at i32)
    (local $end i32)
    (local $x v128)
    (local $s v128)
    (local $eps v128)
    (local $one v128)
    (local.set $s (f32x4.splat (local.get $scale)))
    (local.set $eps (f32x4.splat (f32.const 1e-12)))
    (local.set $one (f32x4.splat (f32.const 1)))
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x (v128.load (i32.add (local.get $src) (local.get $at))))
        (v128.store
          (i32.add (local.get $dst) (local.get $at))
          (f32x4.div
            (f32x4.mul
              (local.get $s)
              (f32x4.sub (local.get $x) (v128.load (i32.add (local.get $y) (local.get $at)))))
            (f32x4.pmax
              (f32x4.mul (f32x4.sub (local.get $one) (local.get $x)) (local.get $x))
              (local.get $eps))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next)))))
