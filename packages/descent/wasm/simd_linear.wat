;; A linear layer with few inputs or outputs in WebAssembly SIMD: its forward (mm_k4_V, mm_k1_V) and
;; its weight and bias gradients in one pass (linear_gradV), a module of its own so that each stays
;; under 4 KB. Called by src/backend/simd/simd_kernels.ts; test/backend/simd.test.ts holds them to
;; the JS reference. A family's variants are the same code for 1..3 vectors of outputs, written out.
(module

  (memory (export "memory") 1)

  ;; linear_gradV(g, ldg, x, ldx, k, c, sums): a linear layer's weight and bias gradients in one pass
  ;; over the batch, for up to 4 inputs and 4V outputs: c[j] (a vector, its lanes q < 4) = sum over p
  ;; of g[p, j] x[p, q] (g's element broadcast, x's row as one vector) and sums[j] = sum over p of
  ;; g[p, j] in float64, for all j < 4V (lanes and outputs past the layer's are dropped by the
  ;; caller). Each is summed in p's order, as mm_tn sums dW and as the JS kernel sums the bias (bit
  ;; for bit). g's rows are ldg bytes apart, x's ldx; both are read 16V bytes at a time past their
  ;; ends (the caller pads). tn then col_sums took 5.3 us on 1000 x 10 by 4; this, 4.7.
  (func (export "linear_grad1") (param $g i32) (param $ldg i32) (param $x i32) (param $ldx i32)
      (param $k i32) (param $c i32) (param $sums i32)
    (local $p i32) (local $gp i32) (local $xp i32) (local $xv v128) (local $gv v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $sum0 v128)
    (local $sum1 v128)
    (local.set $gp (local.get $g))
    (local.set $xp (local.get $x))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $xv (v128.load (local.get $xp)))
        (local.set $acc0
          (f32x4.add
            (local.get $acc0)
            (f32x4.mul (v128.load32_splat (local.get $gp)) (local.get $xv))))
        (local.set $acc1
          (f32x4.add
            (local.get $acc1)
            (f32x4.mul (v128.load32_splat offset=4 (local.get $gp)) (local.get $xv))))
        (local.set $acc2
          (f32x4.add
            (local.get $acc2)
            (f32x4.mul (v128.load32_splat offset=8 (local.get $gp)) (local.get $xv))))
        (local.set $acc3
          (f32x4.add
            (local.get $acc3)
            (f32x4.mul (v128.load32_splat offset=12 (local.get $gp)) (local.get $xv))))
        (local.set $gv (v128.load (local.get $gp)))
        (local.set $sum0 (f64x2.add (local.get $sum0) (f64x2.promote_low_f32x4 (local.get $gv))))
        (local.set $sum1
          (f64x2.add
            (local.get $sum1)
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $gv) (local.get $gv)))))
        (local.set $gp (i32.add (local.get $gp) (local.get $ldg)))
        (local.set $xp (i32.add (local.get $xp) (local.get $ldx)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $step)))
    (v128.store (local.get $c) (local.get $acc0))
    (v128.store offset=16 (local.get $c) (local.get $acc1))
    (v128.store offset=32 (local.get $c) (local.get $acc2))
    (v128.store offset=48 (local.get $c) (local.get $acc3))
    (v128.store (local.get $sums) (local.get $sum0))
    (v128.store offset=16 (local.get $sums) (local.get $sum1)))

  ;; linear_grad2: linear_grad1 with 2 vectors (8 outputs).
  (func (export "linear_grad2") (param $g i32) (param $ldg i32) (param $x i32) (param $ldx i32)
      (param $k i32) (param $c i32) (param $sums i32)
    (local $p i32) (local $gp i32) (local $xp i32) (local $xv v128) (local $gv v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $acc4 v128)
    (local $acc5 v128) (local $acc6 v128) (local $acc7 v128) (local $sum0 v128) (local $sum1 v128)
    (local $sum2 v128) (local $sum3 v128)
    (local.set $gp (local.get $g))
    (local.set $xp (local.get $x))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $xv (v128.load (local.get $xp)))
        (local.set $acc0
          (f32x4.add
            (local.get $acc0)
            (f32x4.mul (v128.load32_splat (local.get $gp)) (local.get $xv))))
        (local.set $acc1
          (f32x4.add
            (local.get $acc1)
            (f32x4.mul (v128.load32_splat offset=4 (local.get $gp)) (local.get $xv))))
        (local.set $acc2
          (f32x4.add
            (local.get $acc2)
            (f32x4.mul (v128.load32_splat offset=8 (local.get $gp)) (local.get $xv))))
        (local.set $acc3
          (f32x4.add
            (local.get $acc3)
            (f32x4.mul (v128.load32_splat offset=12 (local.get $gp)) (local.get $xv))))
        (local.set $acc4
          (f32x4.add
            (local.get $acc4)
            (f32x4.mul (v128.load32_splat offset=16 (local.get $gp)) (local.get $xv))))
        (local.set $acc5
          (f32x4.add
            (local.get $acc5)
            (f32x4.mul (v128.load32_splat offset=20 (local.get $gp)) (local.get $xv))))
        (local.set $acc6
          (f32x4.add
            (local.get $acc6)
            (f32x4.mul (v128.load32_splat offset=24 (local.get $gp)) (local.get $xv))))
        (local.set $acc7
          (f32x4.add
            (local.get $acc7)
            (f32x4.mul (v128.load32_splat offset=28 (local.get $gp)) (local.get $xv))))
        (local.set $gv (v128.load (local.get $gp)))
        (local.set $sum0 (f64x2.add (local.get $sum0) (f64x2.promote_low_f32x4 (local.get $gv))))
        (local.set $sum1
          (f64x2.add
            (local.get $sum1)
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $gv) (local.get $gv)))))
        (local.set $gv (v128.load offset=16 (local.get $gp)))
        (local.set $sum2 (f64x2.add (local.get $sum2) (f64x2.promote_low_f32x4 (local.get $gv))))
        (local.set $sum3
          (f64x2.add
            (local.get $sum3)
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $gv) (local.get $gv)))))
        (local.set $gp (i32.add (local.get $gp) (local.get $ldg)))
        (local.set $xp (i32.add (local.get $xp) (local.get $ldx)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $step)))
    (v128.store (local.get $c) (local.get $acc0))
    (v128.store offset=16 (local.get $c) (local.get $acc1))
    (v128.store offset=32 (local.get $c) (local.get $acc2))
    (v128.store offset=48 (local.get $c) (local.get $acc3))
    (v128.store offset=64 (local.get $c) (local.get $acc4))
    (v128.store offset=80 (local.get $c) (local.get $acc5))
    (v128.store offset=96 (local.get $c) (local.get $acc6))
    (v128.store offset=112 (local.get $c) (local.get $acc7))
    (v128.store (local.get $sums) (local.get $sum0))
    (v128.store offset=16 (local.get $sums) (local.get $sum1))
    (v128.store offset=32 (local.get $sums) (local.get $sum2))
    (v128.store offset=48 (local.get $sums) (local.get $sum3)))

  ;; linear_grad3: linear_grad1 with 3 vectors (12 outputs).
  (func (export "linear_grad3") (param $g i32) (param $ldg i32) (param $x i32) (param $ldx i32)
      (param $k i32) (param $c i32) (param $sums i32)
    (local $p i32) (local $gp i32) (local $xp i32) (local $xv v128) (local $gv v128)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128) (local $acc4 v128)
    (local $acc5 v128) (local $acc6 v128) (local $acc7 v128) (local $acc8 v128) (local $acc9 v128)
    (local $acc10 v128) (local $acc11 v128) (local $sum0 v128) (local $sum1 v128) (local $sum2 v128)
    (local $sum3 v128) (local $sum4 v128) (local $sum5 v128)
    (local.set $gp (local.get $g))
    (local.set $xp (local.get $x))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $xv (v128.load (local.get $xp)))
        (local.set $acc0
          (f32x4.add
            (local.get $acc0)
            (f32x4.mul (v128.load32_splat (local.get $gp)) (local.get $xv))))
        (local.set $acc1
          (f32x4.add
            (local.get $acc1)
            (f32x4.mul (v128.load32_splat offset=4 (local.get $gp)) (local.get $xv))))
        (local.set $acc2
          (f32x4.add
            (local.get $acc2)
            (f32x4.mul (v128.load32_splat offset=8 (local.get $gp)) (local.get $xv))))
        (local.set $acc3
          (f32x4.add
            (local.get $acc3)
            (f32x4.mul (v128.load32_splat offset=12 (local.get $gp)) (local.get $xv))))
        (local.set $acc4
          (f32x4.add
            (local.get $acc4)
            (f32x4.mul (v128.load32_splat offset=16 (local.get $gp)) (local.get $xv))))
        (local.set $acc5
          (f32x4.add
            (local.get $acc5)
            (f32x4.mul (v128.load32_splat offset=20 (local.get $gp)) (local.get $xv))))
        (local.set $acc6
          (f32x4.add
            (local.get $acc6)
            (f32x4.mul (v128.load32_splat offset=24 (local.get $gp)) (local.get $xv))))
        (local.set $acc7
          (f32x4.add
            (local.get $acc7)
            (f32x4.mul (v128.load32_splat offset=28 (local.get $gp)) (local.get $xv))))
        (local.set $acc8
          (f32x4.add
            (local.get $acc8)
            (f32x4.mul (v128.load32_splat offset=32 (local.get $gp)) (local.get $xv))))
        (local.set $acc9
          (f32x4.add
            (local.get $acc9)
            (f32x4.mul (v128.load32_splat offset=36 (local.get $gp)) (local.get $xv))))
        (local.set $acc10
          (f32x4.add
            (local.get $acc10)
            (f32x4.mul (v128.load32_splat offset=40 (local.get $gp)) (local.get $xv))))
        (local.set $acc11
          (f32x4.add
            (local.get $acc11)
            (f32x4.mul (v128.load32_splat offset=44 (local.get $gp)) (local.get $xv))))
        (local.set $gv (v128.load (local.get $gp)))
        (local.set $sum0 (f64x2.add (local.get $sum0) (f64x2.promote_low_f32x4 (local.get $gv))))
        (local.set $sum1
          (f64x2.add
            (local.get $sum1)
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $gv) (local.get $gv)))))
        (local.set $gv (v128.load offset=16 (local.get $gp)))
        (local.set $sum2 (f64x2.add (local.get $sum2) (f64x2.promote_low_f32x4 (local.get $gv))))
        (local.set $sum3
          (f64x2.add
            (local.get $sum3)
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $gv) (local.get $gv)))))
        (local.set $gv (v128.load offset=32 (local.get $gp)))
        (local.set $sum4 (f64x2.add (local.get $sum4) (f64x2.promote_low_f32x4 (local.get $gv))))
        (local.set $sum5
          (f64x2.add
            (local.get $sum5)
            (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $gv) (local.get $gv)))))
        (local.set $gp (i32.add (local.get $gp) (local.get $ldg)))
        (local.set $xp (i32.add (local.get $xp) (local.get $ldx)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $step)))
    (v128.store (local.get $c) (local.get $acc0))
    (v128.store offset=16 (local.get $c) (local.get $acc1))
    (v128.store offset=32 (local.get $c) (local.get $acc2))
    (v128.store offset=48 (local.get $c) (local.get $acc3))
    (v128.store offset=64 (local.get $c) (local.get $acc4))
    (v128.store offset=80 (local.get $c) (local.get $acc5))
    (v128.store offset=96 (local.get $c) (local.get $acc6))
    (v128.store offset=112 (local.get $c) (local.get $acc7))
    (v128.store offset=128 (local.get $c) (local.get $acc8))
    (v128.store offset=144 (local.get $c) (local.get $acc9))
    (v128.store offset=160 (local.get $c) (local.get $acc10))
    (v128.store offset=176 (local.get $c) (local.get $acc11))
    (v128.store (local.get $sums) (local.get $sum0))
    (v128.store offset=16 (local.get $sums) (local.get $sum1))
    (v128.store offset=32 (local.get $sums) (local.get $sum2))
    (v128.store offset=48 (local.get $sums) (local.get $sum3))
    (v128.store offset=64 (local.get $sums) (local.get $sum4))
    (v128.store offset=80 (local.get $sums) (local.get $sum5)))

  ;; mm_k4_V(a, sam, mask, b, bias, c, ldc, m): C[m, 4V] = bias + A[m, k] B[k, 4V] for k <= 4 (a layer
  ;; with a few inputs): mm_rows with B's V vectors of each of 4 rows in registers ($bP_J), and each
  ;; row of A read as one vector whose lanes p >= k are replaced by -0 (mask, fill): their products
  ;; with B's zero rows are -0, which leaves every sum as it is (x + -0 is x, for x = -0 too), so C
  ;; is mm_rows' bit for bit, each sum starting from the bias and adding p = 0, 1, ... in order. A's
  ;; rows are sam bytes apart and read 16 bytes at a time (the caller leaves room after the last);
  ;; C's as in mm_rows.
  (func (export "mm_k4_1") (param $a i32) (param $sam i32) (param $mask i32) (param $b i32)
      (param $bias i32) (param $c i32) (param $ldc i32) (param $m i32)
    (local $i i32) (local $pa i32) (local $pc i32) (local $msk v128) (local $fill v128)
    (local $row v128) (local $s v128) (local $b0_0 v128) (local $b1_0 v128) (local $b2_0 v128)
    (local $b3_0 v128) (local $bias0 v128) (local $acc0 v128)
    (local.set $msk (v128.load (local.get $mask)))
    (local.set $fill (v128.load offset=16 (local.get $mask)))
    (local.set $b0_0 (v128.load (local.get $b)))
    (local.set $b1_0 (v128.load offset=16 (local.get $b)))
    (local.set $b2_0 (v128.load offset=32 (local.get $b)))
    (local.set $b3_0 (v128.load offset=48 (local.get $b)))
    (local.set $bias0 (v128.load (local.get $bias)))
    (local.set $pa (local.get $a))
    (local.set $pc (local.get $c))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $row
          (v128.or (v128.and (v128.load (local.get $pa)) (local.get $msk)) (local.get $fill)))
        (local.set $acc0 (local.get $bias0))
        (local.set $s
          (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $row) (local.get $row)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b0_0))))
        (local.set $s
          (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $row) (local.get $row)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b1_0))))
        (local.set $s
          (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $row) (local.get $row)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b2_0))))
        (local.set $s
          (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15
            (local.get $row)
            (local.get $row)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b3_0))))
        (v128.store (local.get $pc) (local.get $acc0))
        (local.set $pa (i32.add (local.get $pa) (local.get $sam)))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; mm_k4_2: mm_k4_1 with 2 vectors (8 outputs).
  (func (export "mm_k4_2") (param $a i32) (param $sam i32) (param $mask i32) (param $b i32)
      (param $bias i32) (param $c i32) (param $ldc i32) (param $m i32)
    (local $i i32) (local $pa i32) (local $pc i32) (local $msk v128) (local $fill v128)
    (local $row v128) (local $s v128) (local $b0_0 v128) (local $b0_1 v128) (local $b1_0 v128)
    (local $b1_1 v128) (local $b2_0 v128) (local $b2_1 v128) (local $b3_0 v128) (local $b3_1 v128)
    (local $bias0 v128) (local $bias1 v128) (local $acc0 v128) (local $acc1 v128)
    (local.set $msk (v128.load (local.get $mask)))
    (local.set $fill (v128.load offset=16 (local.get $mask)))
    (local.set $b0_0 (v128.load (local.get $b)))
    (local.set $b0_1 (v128.load offset=16 (local.get $b)))
    (local.set $b1_0 (v128.load offset=32 (local.get $b)))
    (local.set $b1_1 (v128.load offset=48 (local.get $b)))
    (local.set $b2_0 (v128.load offset=64 (local.get $b)))
    (local.set $b2_1 (v128.load offset=80 (local.get $b)))
    (local.set $b3_0 (v128.load offset=96 (local.get $b)))
    (local.set $b3_1 (v128.load offset=112 (local.get $b)))
    (local.set $bias0 (v128.load (local.get $bias)))
    (local.set $bias1 (v128.load offset=16 (local.get $bias)))
    (local.set $pa (local.get $a))
    (local.set $pc (local.get $c))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $row
          (v128.or (v128.and (v128.load (local.get $pa)) (local.get $msk)) (local.get $fill)))
        (local.set $acc0 (local.get $bias0))
        (local.set $acc1 (local.get $bias1))
        (local.set $s
          (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $row) (local.get $row)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b0_0))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (local.get $b0_1))))
        (local.set $s
          (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $row) (local.get $row)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b1_0))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (local.get $b1_1))))
        (local.set $s
          (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $row) (local.get $row)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b2_0))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (local.get $b2_1))))
        (local.set $s
          (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15
            (local.get $row)
            (local.get $row)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b3_0))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (local.get $b3_1))))
        (v128.store (local.get $pc) (local.get $acc0))
        (v128.store offset=16 (local.get $pc) (local.get $acc1))
        (local.set $pa (i32.add (local.get $pa) (local.get $sam)))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; mm_k4_3: mm_k4_1 with 3 vectors (12 outputs).
  (func (export "mm_k4_3") (param $a i32) (param $sam i32) (param $mask i32) (param $b i32)
      (param $bias i32) (param $c i32) (param $ldc i32) (param $m i32)
    (local $i i32) (local $pa i32) (local $pc i32) (local $msk v128) (local $fill v128)
    (local $row v128) (local $s v128) (local $b0_0 v128) (local $b0_1 v128) (local $b0_2 v128)
    (local $b1_0 v128) (local $b1_1 v128) (local $b1_2 v128) (local $b2_0 v128) (local $b2_1 v128)
    (local $b2_2 v128) (local $b3_0 v128) (local $b3_1 v128) (local $b3_2 v128) (local $bias0 v128)
    (local $bias1 v128) (local $bias2 v128) (local $acc0 v128) (local $acc1 v128) (local $acc2 v128)
    (local.set $msk (v128.load (local.get $mask)))
    (local.set $fill (v128.load offset=16 (local.get $mask)))
    (local.set $b0_0 (v128.load (local.get $b)))
    (local.set $b0_1 (v128.load offset=16 (local.get $b)))
    (local.set $b0_2 (v128.load offset=32 (local.get $b)))
    (local.set $b1_0 (v128.load offset=48 (local.get $b)))
    (local.set $b1_1 (v128.load offset=64 (local.get $b)))
    (local.set $b1_2 (v128.load offset=80 (local.get $b)))
    (local.set $b2_0 (v128.load offset=96 (local.get $b)))
    (local.set $b2_1 (v128.load offset=112 (local.get $b)))
    (local.set $b2_2 (v128.load offset=128 (local.get $b)))
    (local.set $b3_0 (v128.load offset=144 (local.get $b)))
    (local.set $b3_1 (v128.load offset=160 (local.get $b)))
    (local.set $b3_2 (v128.load offset=176 (local.get $b)))
    (local.set $bias0 (v128.load (local.get $bias)))
    (local.set $bias1 (v128.load offset=16 (local.get $bias)))
    (local.set $bias2 (v128.load offset=32 (local.get $bias)))
    (local.set $pa (local.get $a))
    (local.set $pc (local.get $c))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $row
          (v128.or (v128.and (v128.load (local.get $pa)) (local.get $msk)) (local.get $fill)))
        (local.set $acc0 (local.get $bias0))
        (local.set $acc1 (local.get $bias1))
        (local.set $acc2 (local.get $bias2))
        (local.set $s
          (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $row) (local.get $row)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b0_0))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (local.get $b0_1))))
        (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $s) (local.get $b0_2))))
        (local.set $s
          (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $row) (local.get $row)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b1_0))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (local.get $b1_1))))
        (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $s) (local.get $b1_2))))
        (local.set $s
          (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $row) (local.get $row)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b2_0))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (local.get $b2_1))))
        (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $s) (local.get $b2_2))))
        (local.set $s
          (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15
            (local.get $row)
            (local.get $row)))
        (local.set $acc0 (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (local.get $b3_0))))
        (local.set $acc1 (f32x4.add (local.get $acc1) (f32x4.mul (local.get $s) (local.get $b3_1))))
        (local.set $acc2 (f32x4.add (local.get $acc2) (f32x4.mul (local.get $s) (local.get $b3_2))))
        (v128.store (local.get $pc) (local.get $acc0))
        (v128.store offset=16 (local.get $pc) (local.get $acc1))
        (v128.store offset=32 (local.get $pc) (local.get $acc2))
        (local.set $pa (i32.add (local.get $pa) (local.get $sam)))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; mm_k1_V(a, sa, b, bias, c, ldc, m): C[m, 4V] = bias + a[m] B[1, 4V] (one input: dx = g W of a
  ;; layer with one output, or a layer with one input): each row one broadcast element of a times B's
  ;; V vectors plus the bias, as mm_rows computes it with k = 1 (bit for bit), without its inner
  ;; loop: 1000 x 1 x 10, 2.1 -> 1.1 us. a's elements are sa bytes apart; C's rows ldc bytes (a row's
  ;; last vector may spill into the next row, written after it; the caller leaves room after the last).
  (func (export "mm_k1_1") (param $a i32) (param $sa i32) (param $b i32) (param $bias i32)
      (param $c i32) (param $ldc i32) (param $m i32)
    (local $i i32) (local $pa i32) (local $pc i32) (local $s v128) (local $b0 v128)
    (local $bias0 v128)
    (local.set $b0 (v128.load (local.get $b)))
    (local.set $bias0 (v128.load (local.get $bias)))
    (local.set $pa (local.get $a))
    (local.set $pc (local.get $c))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $s (v128.load32_splat (local.get $pa)))
        (v128.store
          (local.get $pc)
          (f32x4.add (local.get $bias0) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; mm_k1_2: mm_k1_1 with 2 vectors (8 outputs).
  (func (export "mm_k1_2") (param $a i32) (param $sa i32) (param $b i32) (param $bias i32)
      (param $c i32) (param $ldc i32) (param $m i32)
    (local $i i32) (local $pa i32) (local $pc i32) (local $s v128) (local $b0 v128)
    (local $bias0 v128) (local $b1 v128) (local $bias1 v128)
    (local.set $b0 (v128.load (local.get $b)))
    (local.set $b1 (v128.load offset=16 (local.get $b)))
    (local.set $bias0 (v128.load (local.get $bias)))
    (local.set $bias1 (v128.load offset=16 (local.get $bias)))
    (local.set $pa (local.get $a))
    (local.set $pc (local.get $c))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $s (v128.load32_splat (local.get $pa)))
        (v128.store
          (local.get $pc)
          (f32x4.add (local.get $bias0) (f32x4.mul (local.get $s) (local.get $b0))))
        (v128.store offset=16
          (local.get $pc)
          (f32x4.add (local.get $bias1) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; mm_k1_3: mm_k1_1 with 3 vectors (12 outputs).
  (func (export "mm_k1_3") (param $a i32) (param $sa i32) (param $b i32) (param $bias i32)
      (param $c i32) (param $ldc i32) (param $m i32)
    (local $i i32) (local $pa i32) (local $pc i32) (local $s v128) (local $b0 v128)
    (local $bias0 v128) (local $b1 v128) (local $bias1 v128) (local $b2 v128) (local $bias2 v128)
    (local.set $b0 (v128.load (local.get $b)))
    (local.set $b1 (v128.load offset=16 (local.get $b)))
    (local.set $b2 (v128.load offset=32 (local.get $b)))
    (local.set $bias0 (v128.load (local.get $bias)))
    (local.set $bias1 (v128.load offset=16 (local.get $bias)))
    (local.set $bias2 (v128.load offset=32 (local.get $bias)))
    (local.set $pa (local.get $a))
    (local.set $pc (local.get $c))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $s (v128.load32_splat (local.get $pa)))
        (v128.store
          (local.get $pc)
          (f32x4.add (local.get $bias0) (f32x4.mul (local.get $s) (local.get $b0))))
        (v128.store offset=16
          (local.get $pc)
          (f32x4.add (local.get $bias1) (f32x4.mul (local.get $s) (local.get $b1))))
        (v128.store offset=32
          (local.get $pc)
          (f32x4.add (local.get $bias2) (f32x4.mul (local.get $s) (local.get $b2))))
        (local.set $pa (i32.add (local.get $pa) (local.get $sa)))
        (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))))
