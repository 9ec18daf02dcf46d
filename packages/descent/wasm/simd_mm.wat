;; The small-product kernels in WebAssembly SIMD (products with a small side, where matmul.wat's
;; packing costs more than it saves), a module of their own so that each stays under 4 KB. Called by
;; src/backend/simd/simd_kernels.ts; test/backend/simd.test.ts holds them to the JS reference.
;; A family's variants (mm_rows1..4 and so on) are the same code for 1..4 vectors of columns,
;; written out.
(module

  (memory (export "memory") 1)

  ;; mm_rowsV(a, sam, sak, b, bias, c, ldc, m, k): C[m, 4V] = bias + op(A)[m, k] B[k, 4V] for a few
  ;; columns (V vectors): one row of C at a time, its V accumulators in registers (starting from the
  ;; bias row, 4V floats), each step a broadcast element of A times V vectors of B. A is read through
  ;; byte strides (sam, sak), so transposed A needs no copy; B is packed by the caller into rows of
  ;; 4V floats. C's rows are ldc bytes apart: a row's last vector may spill into the next row, which
  ;; is written after it (the caller leaves room after the last). mm_rows1..4 differ only in V.
  (func (export "mm_rows1") (param $a i32) (param $sam i32) (param $sak i32) (param $b i32)
      (param $bias i32) (param $c i32) (param $ldc i32) (param $m i32) (param $k i32)
    (local $i i32) (local $p i32) (local $pa i32) (local $pb i32) (local $s v128) (local $acc0 v128)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $acc0 (v128.load (local.get $bias)))
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sam))))
        (local.set $pb (local.get $b))
        (local.set $p (i32.const 0))
        (block $kdone
          (loop $step
            (br_if $kdone (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $s (v128.load32_splat (local.get $pa)))
            (local.set $acc0
              (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load (local.get $pb)))))
            (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $step)))
        (v128.store
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (local.get $acc0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; mm_rows2: mm_rows1 with 2 vectors (8 columns).
  (func (export "mm_rows2") (param $a i32) (param $sam i32) (param $sak i32) (param $b i32)
      (param $bias i32) (param $c i32) (param $ldc i32) (param $m i32) (param $k i32)
    (local $i i32) (local $p i32) (local $pa i32) (local $pb i32) (local $s v128) (local $acc0 v128)
    (local $acc1 v128)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $acc0 (v128.load (local.get $bias)))
        (local.set $acc1 (v128.load offset=16 (local.get $bias)))
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sam))))
        (local.set $pb (local.get $b))
        (local.set $p (i32.const 0))
        (block $kdone
          (loop $step
            (br_if $kdone (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $s (v128.load32_splat (local.get $pa)))
            (local.set $acc0
              (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load (local.get $pb)))))
            (local.set $acc1
              (f32x4.add
                (local.get $acc1)
                (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $pb)))))
            (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $step)))
        (v128.store
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (local.get $acc0))
        (v128.store offset=16
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (local.get $acc1))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; mm_rows3: mm_rows1 with 3 vectors (12 columns).
  (func (export "mm_rows3") (param $a i32) (param $sam i32) (param $sak i32) (param $b i32)
      (param $bias i32) (param $c i32) (param $ldc i32) (param $m i32) (param $k i32)
    (local $i i32) (local $p i32) (local $pa i32) (local $pb i32) (local $s v128) (local $acc0 v128)
    (local $acc1 v128) (local $acc2 v128)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $acc0 (v128.load (local.get $bias)))
        (local.set $acc1 (v128.load offset=16 (local.get $bias)))
        (local.set $acc2 (v128.load offset=32 (local.get $bias)))
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sam))))
        (local.set $pb (local.get $b))
        (local.set $p (i32.const 0))
        (block $kdone
          (loop $step
            (br_if $kdone (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $s (v128.load32_splat (local.get $pa)))
            (local.set $acc0
              (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load (local.get $pb)))))
            (local.set $acc1
              (f32x4.add
                (local.get $acc1)
                (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $pb)))))
            (local.set $acc2
              (f32x4.add
                (local.get $acc2)
                (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $pb)))))
            (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 48)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $step)))
        (v128.store
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (local.get $acc0))
        (v128.store offset=16
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (local.get $acc1))
        (v128.store offset=32
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (local.get $acc2))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; mm_rows4: mm_rows1 with 4 vectors (16 columns).
  (func (export "mm_rows4") (param $a i32) (param $sam i32) (param $sak i32) (param $b i32)
      (param $bias i32) (param $c i32) (param $ldc i32) (param $m i32) (param $k i32)
    (local $i i32) (local $p i32) (local $pa i32) (local $pb i32) (local $s v128) (local $acc0 v128)
    (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $acc0 (v128.load (local.get $bias)))
        (local.set $acc1 (v128.load offset=16 (local.get $bias)))
        (local.set $acc2 (v128.load offset=32 (local.get $bias)))
        (local.set $acc3 (v128.load offset=48 (local.get $bias)))
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sam))))
        (local.set $pb (local.get $b))
        (local.set $p (i32.const 0))
        (block $kdone
          (loop $step
            (br_if $kdone (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $s (v128.load32_splat (local.get $pa)))
            (local.set $acc0
              (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load (local.get $pb)))))
            (local.set $acc1
              (f32x4.add
                (local.get $acc1)
                (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $pb)))))
            (local.set $acc2
              (f32x4.add
                (local.get $acc2)
                (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $pb)))))
            (local.set $acc3
              (f32x4.add
                (local.get $acc3)
                (f32x4.mul (local.get $s) (v128.load offset=48 (local.get $pb)))))
            (local.set $pa (i32.add (local.get $pa) (local.get $sak)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 64)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $step)))
        (v128.store
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (local.get $acc0))
        (v128.store offset=16
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (local.get $acc1))
        (v128.store offset=32
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (local.get $acc2))
        (v128.store offset=48
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
          (local.get $acc3))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row))))

  ;; mm_tnV(a, lda, b, ldb, c, blocks, k): C[4 blocks, 4V] = A^T B for A [k, *] (lda bytes a row) and
  ;; B [k, *] (ldb bytes a row), k long and C small (a weight's gradient g^T x): 4 rows of C at a time,
  ;; their 4V accumulators ($accR_J) in registers, over all k. Reads 4 columns of A and 4V of B
  ;; whatever the true widths: the extra ones land in rows and columns of C that the caller drops
  ;; (it pads the arrays' ends). $zero is a v128 local never written: wasm zeroes locals, and a
  ;; local.get is 16 bytes shorter than a v128.const. mm_tn1..3 differ only in V.
  (func (export "mm_tn1") (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32)
      (param $c i32) (param $blocks i32) (param $k i32)
    (local $blk i32) (local $p i32) (local $pa i32) (local $pb i32) (local $s v128)
    (local $zero v128) (local $b0 v128) (local $acc0_0 v128) (local $acc1_0 v128)
    (local $acc2_0 v128) (local $acc3_0 v128)
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $blk) (local.get $blocks)))
        (local.set $acc0_0 (local.get $zero))
        (local.set $acc1_0 (local.get $zero))
        (local.set $acc2_0 (local.get $zero))
        (local.set $acc3_0 (local.get $zero))
        (local.set $pa (i32.add (local.get $a) (i32.shl (local.get $blk) (i32.const 4))))
        (local.set $pb (local.get $b))
        (local.set $p (i32.const 0))
        (block $kdone
          (loop $step
            (br_if $kdone (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $b0 (v128.load (local.get $pb)))
            (local.set $s (v128.load32_splat (local.get $pa)))
            (local.set $acc0_0
              (f32x4.add (local.get $acc0_0) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $s (v128.load32_splat offset=4 (local.get $pa)))
            (local.set $acc1_0
              (f32x4.add (local.get $acc1_0) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $s (v128.load32_splat offset=8 (local.get $pa)))
            (local.set $acc2_0
              (f32x4.add (local.get $acc2_0) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $s (v128.load32_splat offset=12 (local.get $pa)))
            (local.set $acc3_0
              (f32x4.add (local.get $acc3_0) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $pa (i32.add (local.get $pa) (local.get $lda)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $step)))
        (v128.store
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 64)))
          (local.get $acc0_0))
        (v128.store offset=16
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 64)))
          (local.get $acc1_0))
        (v128.store offset=32
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 64)))
          (local.get $acc2_0))
        (v128.store offset=48
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 64)))
          (local.get $acc3_0))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $block))))

  ;; mm_tn2: mm_tn1 with 2 vectors (8 columns).
  (func (export "mm_tn2") (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32)
      (param $c i32) (param $blocks i32) (param $k i32)
    (local $blk i32) (local $p i32) (local $pa i32) (local $pb i32) (local $s v128)
    (local $zero v128) (local $b0 v128) (local $b1 v128) (local $acc0_0 v128) (local $acc0_1 v128)
    (local $acc1_0 v128) (local $acc1_1 v128) (local $acc2_0 v128) (local $acc2_1 v128)
    (local $acc3_0 v128) (local $acc3_1 v128)
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $blk) (local.get $blocks)))
        (local.set $acc0_0 (local.get $zero))
        (local.set $acc0_1 (local.get $zero))
        (local.set $acc1_0 (local.get $zero))
        (local.set $acc1_1 (local.get $zero))
        (local.set $acc2_0 (local.get $zero))
        (local.set $acc2_1 (local.get $zero))
        (local.set $acc3_0 (local.get $zero))
        (local.set $acc3_1 (local.get $zero))
        (local.set $pa (i32.add (local.get $a) (i32.shl (local.get $blk) (i32.const 4))))
        (local.set $pb (local.get $b))
        (local.set $p (i32.const 0))
        (block $kdone
          (loop $step
            (br_if $kdone (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $b0 (v128.load (local.get $pb)))
            (local.set $b1 (v128.load offset=16 (local.get $pb)))
            (local.set $s (v128.load32_splat (local.get $pa)))
            (local.set $acc0_0
              (f32x4.add (local.get $acc0_0) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $acc0_1
              (f32x4.add (local.get $acc0_1) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $s (v128.load32_splat offset=4 (local.get $pa)))
            (local.set $acc1_0
              (f32x4.add (local.get $acc1_0) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $acc1_1
              (f32x4.add (local.get $acc1_1) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $s (v128.load32_splat offset=8 (local.get $pa)))
            (local.set $acc2_0
              (f32x4.add (local.get $acc2_0) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $acc2_1
              (f32x4.add (local.get $acc2_1) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $s (v128.load32_splat offset=12 (local.get $pa)))
            (local.set $acc3_0
              (f32x4.add (local.get $acc3_0) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $acc3_1
              (f32x4.add (local.get $acc3_1) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $pa (i32.add (local.get $pa) (local.get $lda)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $step)))
        (v128.store
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 128)))
          (local.get $acc0_0))
        (v128.store offset=16
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 128)))
          (local.get $acc0_1))
        (v128.store offset=32
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 128)))
          (local.get $acc1_0))
        (v128.store offset=48
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 128)))
          (local.get $acc1_1))
        (v128.store offset=64
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 128)))
          (local.get $acc2_0))
        (v128.store offset=80
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 128)))
          (local.get $acc2_1))
        (v128.store offset=96
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 128)))
          (local.get $acc3_0))
        (v128.store offset=112
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 128)))
          (local.get $acc3_1))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $block))))

  ;; mm_tn3: mm_tn1 with 3 vectors (12 columns).
  (func (export "mm_tn3") (param $a i32) (param $lda i32) (param $b i32) (param $ldb i32)
      (param $c i32) (param $blocks i32) (param $k i32)
    (local $blk i32) (local $p i32) (local $pa i32) (local $pb i32) (local $s v128)
    (local $zero v128) (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $acc0_0 v128)
    (local $acc0_1 v128) (local $acc0_2 v128) (local $acc1_0 v128) (local $acc1_1 v128)
    (local $acc1_2 v128) (local $acc2_0 v128) (local $acc2_1 v128) (local $acc2_2 v128)
    (local $acc3_0 v128) (local $acc3_1 v128) (local $acc3_2 v128)
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $blk) (local.get $blocks)))
        (local.set $acc0_0 (local.get $zero))
        (local.set $acc0_1 (local.get $zero))
        (local.set $acc0_2 (local.get $zero))
        (local.set $acc1_0 (local.get $zero))
        (local.set $acc1_1 (local.get $zero))
        (local.set $acc1_2 (local.get $zero))
        (local.set $acc2_0 (local.get $zero))
        (local.set $acc2_1 (local.get $zero))
        (local.set $acc2_2 (local.get $zero))
        (local.set $acc3_0 (local.get $zero))
        (local.set $acc3_1 (local.get $zero))
        (local.set $acc3_2 (local.get $zero))
        (local.set $pa (i32.add (local.get $a) (i32.shl (local.get $blk) (i32.const 4))))
        (local.set $pb (local.get $b))
        (local.set $p (i32.const 0))
        (block $kdone
          (loop $step
            (br_if $kdone (i32.ge_u (local.get $p) (local.get $k)))
            (local.set $b0 (v128.load (local.get $pb)))
            (local.set $b1 (v128.load offset=16 (local.get $pb)))
            (local.set $b2 (v128.load offset=32 (local.get $pb)))
            (local.set $s (v128.load32_splat (local.get $pa)))
            (local.set $acc0_0
              (f32x4.add (local.get $acc0_0) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $acc0_1
              (f32x4.add (local.get $acc0_1) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $acc0_2
              (f32x4.add (local.get $acc0_2) (f32x4.mul (local.get $s) (local.get $b2))))
            (local.set $s (v128.load32_splat offset=4 (local.get $pa)))
            (local.set $acc1_0
              (f32x4.add (local.get $acc1_0) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $acc1_1
              (f32x4.add (local.get $acc1_1) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $acc1_2
              (f32x4.add (local.get $acc1_2) (f32x4.mul (local.get $s) (local.get $b2))))
            (local.set $s (v128.load32_splat offset=8 (local.get $pa)))
            (local.set $acc2_0
              (f32x4.add (local.get $acc2_0) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $acc2_1
              (f32x4.add (local.get $acc2_1) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $acc2_2
              (f32x4.add (local.get $acc2_2) (f32x4.mul (local.get $s) (local.get $b2))))
            (local.set $s (v128.load32_splat offset=12 (local.get $pa)))
            (local.set $acc3_0
              (f32x4.add (local.get $acc3_0) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $acc3_1
              (f32x4.add (local.get $acc3_1) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $acc3_2
              (f32x4.add (local.get $acc3_2) (f32x4.mul (local.get $s) (local.get $b2))))
            (local.set $pa (i32.add (local.get $pa) (local.get $lda)))
            (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $step)))
        (v128.store
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 192)))
          (local.get $acc0_0))
        (v128.store offset=16
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 192)))
          (local.get $acc0_1))
        (v128.store offset=32
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 192)))
          (local.get $acc0_2))
        (v128.store offset=48
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 192)))
          (local.get $acc1_0))
        (v128.store offset=64
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 192)))
          (local.get $acc1_1))
        (v128.store offset=80
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 192)))
          (local.get $acc1_2))
        (v128.store offset=96
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 192)))
          (local.get $acc2_0))
        (v128.store offset=112
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 192)))
          (local.get $acc2_1))
        (v128.store offset=128
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 192)))
          (local.get $acc2_2))
        (v128.store offset=144
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 192)))
          (local.get $acc3_0))
        (v128.store offset=160
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 192)))
          (local.get $acc3_1))
        (v128.store offset=176
          (i32.add (local.get $c) (i32.mul (local.get $blk) (i32.const 192)))
          (local.get $acc3_2))
        (local.set $blk (i32.add (local.get $blk) (i32.const 1)))
        (br $block))))

  ;; mm_tvV(a, b, ldb, c, k): C[1, 4V] = a^T B for a [k] (a column of A^T B with one row, such as
  ;; g^T h for a layer with one output) and B [k, *] (ldb bytes a row): mm_tn with one row of
  ;; accumulators instead of 4, so that each output sums over k in the same order (bit-identical), at
  ;; a quarter of the work. mm_tv1..3 differ only in V.
  (func (export "mm_tv1") (param $a i32) (param $b i32) (param $ldb i32) (param $c i32)
      (param $k i32)
    (local $p i32) (local $pa i32) (local $pb i32) (local $s v128) (local $acc0 v128)
    (local.set $pa (local.get $a))
    (local.set $pb (local.get $b))
    (block $kdone
      (loop $step
        (br_if $kdone (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $s (v128.load32_splat (local.get $pa)))
        (local.set $acc0
          (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load (local.get $pb)))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
        (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $step)))
    (v128.store (local.get $c) (local.get $acc0)))

  ;; mm_tv2: mm_tv1 with 2 vectors (8 columns).
  (func (export "mm_tv2") (param $a i32) (param $b i32) (param $ldb i32) (param $c i32)
      (param $k i32)
    (local $p i32) (local $pa i32) (local $pb i32) (local $s v128) (local $acc0 v128)
    (local $acc1 v128)
    (local.set $pa (local.get $a))
    (local.set $pb (local.get $b))
    (block $kdone
      (loop $step
        (br_if $kdone (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $s (v128.load32_splat (local.get $pa)))
        (local.set $acc0
          (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load (local.get $pb)))))
        (local.set $acc1
          (f32x4.add
            (local.get $acc1)
            (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $pb)))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
        (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $step)))
    (v128.store (local.get $c) (local.get $acc0))
    (v128.store offset=16 (local.get $c) (local.get $acc1)))

  ;; mm_tv3: mm_tv1 with 3 vectors (12 columns).
  (func (export "mm_tv3") (param $a i32) (param $b i32) (param $ldb i32) (param $c i32)
      (param $k i32)
    (local $p i32) (local $pa i32) (local $pb i32) (local $s v128) (local $acc0 v128)
    (local $acc1 v128) (local $acc2 v128)
    (local.set $pa (local.get $a))
    (local.set $pb (local.get $b))
    (block $kdone
      (loop $step
        (br_if $kdone (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $s (v128.load32_splat (local.get $pa)))
        (local.set $acc0
          (f32x4.add (local.get $acc0) (f32x4.mul (local.get $s) (v128.load (local.get $pb)))))
        (local.set $acc1
          (f32x4.add
            (local.get $acc1)
            (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $pb)))))
        (local.set $acc2
          (f32x4.add
            (local.get $acc2)
            (f32x4.mul (local.get $s) (v128.load offset=32 (local.get $pb)))))
        (local.set $pa (i32.add (local.get $pa) (i32.const 4)))
        (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $step)))
    (v128.store (local.get $c) (local.get $acc0))
    (v128.store offset=16 (local.get $c) (local.get $acc1))
    (v128.store offset=32 (local.get $c) (local.get $acc2)))

  ;; mv(a, sam, w, mask, c, m, nv, bias): c[i] = bias + A[i, :k] . w for A's rows sam bytes apart (a
  ;; linear layer with one output column): per row, nv vectors of the row times nv of w (zero beyond
  ;; k), the last vector's lanes past k cleared by a mask first (they belong to the next row, which
  ;; may hold an inf), then the 4 lanes summed pairwise. The packing gemm spent 4.8 us on
  ;; 1000 x 10 x 1; mm_rows' 16-byte stores overlap with one column.
  (func (export "mv") (param $a i32) (param $sam i32) (param $w i32) (param $mask i32)
      (param $c i32) (param $m i32) (param $nv i32) (param $bias f32)
    (local $i i32) (local $v i32) (local $pa i32) (local $pw i32) (local $last i32)
    (local $acc v128) (local $msk v128)
    (local.set $msk (v128.load (local.get $mask)))
    (local.set $last (i32.shl (i32.sub (local.get $nv) (i32.const 1)) (i32.const 4)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $sam))))
        (local.set $acc
          (f32x4.mul
            (v128.and (v128.load (i32.add (local.get $pa) (local.get $last))) (local.get $msk))
            (v128.load (i32.add (local.get $w) (local.get $last)))))
        (local.set $v (i32.const 0))
        (block $vdone
          (loop $vec
            (br_if $vdone (i32.ge_u (local.get $v) (local.get $last)))
            (local.set $acc
              (f32x4.add
                (local.get $acc)
                (f32x4.mul
                  (v128.load (i32.add (local.get $pa) (local.get $v)))
                  (v128.load (i32.add (local.get $w) (local.get $v))))))
            (local.set $v (i32.add (local.get $v) (i32.const 16)))
            (br $vec)))
        (local.set $acc
          (f32x4.add
            (local.get $acc)
            (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $acc) (local.get $acc))))
        (f32.store
          (i32.add (local.get $c) (i32.shl (local.get $i) (i32.const 2)))
          (f32.add
            (f32.add
              (f32x4.extract_lane 0 (local.get $acc))
              (f32x4.extract_lane 1 (local.get $acc)))
            (local.get $bias)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $row)))))
