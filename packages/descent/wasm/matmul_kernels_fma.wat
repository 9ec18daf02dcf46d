;; The matmul's micro-kernels with f32x4.relaxed_madd (relaxed SIMD), included by matmul.wat in
;; the relaxed modules (everything here comes before matmul.wat's functions: the table's indices are these).
;;
;; $k5xV(pa, pb, c, ldc, kc, acc): C[5 x 4V] (+)= Apanel^T Bpanel over kc steps, where the packed A
;; panel holds 5 floats a step and the packed B panel 4V: each step loads V vectors of B and A's
;; first 4 floats as one vector, broadcasts each of A's 5 floats (lanes 0-3 by a shuffle, the
;; fifth by a load), and accumulates 5 x V f32x4 products in registers ($cI_J: row I, vector J).
;; C's rows are ldc bytes apart; acc = 0 stores, acc = 1 adds to C. The full tile's kernel has
;; both store codes (not loading C for the first depth block pays: bench/README.md); the edge
;; kernel loads C either way and masks it to +0 (all-zero bits) for the first depth block.
;; Why 5 x 8: with the fused multiply-add (latency 4 cycles, 2 a cycle on Zen 5) a kernel needs
;; about 10 independent accumulators to keep both pipes busy (bench/peak.ts: 8 fall short of the
;; f32x4 peak, 10-12 reach it), and V8 (Node 20, x64) allocates 15 xmm registers. A 2 x 16 tile
;; (8 accumulators) is latency-bound; 3 x 16 or 4 x 12 need more registers than there are.
;; TurboFan issues a step's loads before its arithmetic, so one broadcast load per row (5 x 8:
;; 10 + 2 + 5 = 17 registers) spills; the shuffles from one A vector keep it at 10 + 2 + 1 + 1 = 14.
;; relaxed_madd(a, b, c) = a b + c rounded once where the engine fuses it (x64 with FMA3, arm64),
;; twice elsewhere: results then differ from the plain kernels' by about one rounding per step
;; (the tolerance is in test/backend/matmul_check.ts). A tile of fewer rows runs $k5xV on the
;; zero-padded panel into the scratch tile. MR, NR and UNROLL are read back by the JS side
;; (wasm_kernel.ts); MR4 and MR16 are an A panel's bytes per depth step and per 4 steps, NR4 a
;; B panel's bytes per step.

  ;; @set MR 5
  ;; @set NR 8
  ;; @set MR4 20
  ;; @set MR16 80
  ;; @set NR4 32
  (global (export "MR") i32 (i32.const ${MR}))
  (global (export "NR") i32 (i32.const ${NR}))
  (global (export "UNROLL") i32 (i32.const 1))

  (table 2 funcref)

  (elem (i32.const 0) $k5x1 $k5x2)

  ;; C[5 x 4] (+)= Apanel^T Bpanel (an edge tile)
  (func $k5x1 (type $kern) (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32)
      (param $kc i32) (param $acc i32)
    (local $end i32) (local $row i32) (local $a v128) (local $a03 v128) (local $mask v128)
    (local $b0 v128) (local $c0_0 v128) (local $c1_0 v128) (local $c2_0 v128) (local $c3_0 v128)
    (local $c4_0 v128)
    (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $kc) (i32.const 20))))
    (loop $L
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $a03 (v128.load (local.get $pa)))
      (local.set $a (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $a03) (local.get $a03)))
      (local.set $c0_0 (f32x4.relaxed_madd (local.get $a) (local.get $b0) (local.get $c0_0)))
      (local.set $a (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $a03) (local.get $a03)))
      (local.set $c1_0 (f32x4.relaxed_madd (local.get $a) (local.get $b0) (local.get $c1_0)))
      (local.set $a (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $a03) (local.get $a03)))
      (local.set $c2_0 (f32x4.relaxed_madd (local.get $a) (local.get $b0) (local.get $c2_0)))
      (local.set $a (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 (local.get $a03) (local.get $a03)))
      (local.set $c3_0 (f32x4.relaxed_madd (local.get $a) (local.get $b0) (local.get $c3_0)))
      (local.set $a (v128.load32_splat offset=16 (local.get $pa)))
      (local.set $c4_0 (f32x4.relaxed_madd (local.get $a) (local.get $b0) (local.get $c4_0)))
      (local.set $pa (i32.add (local.get $pa) (i32.const 20)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
      (br_if $L (i32.lt_u (local.get $pa) (local.get $end))))
    (local.set $row (local.get $c))
    (local.set $mask (i32x4.splat (i32.sub (i32.const 0) (local.get $acc))))
    (v128.store
      (local.get $row)
      (f32x4.add (v128.and (v128.load (local.get $row)) (local.get $mask)) (local.get $c0_0)))
    (local.set $row (i32.add (local.get $row) (local.get $ldc)))
    (v128.store
      (local.get $row)
      (f32x4.add (v128.and (v128.load (local.get $row)) (local.get $mask)) (local.get $c1_0)))
    (local.set $row (i32.add (local.get $row) (local.get $ldc)))
    (v128.store
      (local.get $row)
      (f32x4.add (v128.and (v128.load (local.get $row)) (local.get $mask)) (local.get $c2_0)))
    (local.set $row (i32.add (local.get $row) (local.get $ldc)))
    (v128.store
      (local.get $row)
      (f32x4.add (v128.and (v128.load (local.get $row)) (local.get $mask)) (local.get $c3_0)))
    (local.set $row (i32.add (local.get $row) (local.get $ldc)))
    (v128.store
      (local.get $row)
      (f32x4.add (v128.and (v128.load (local.get $row)) (local.get $mask)) (local.get $c4_0))))

  ;; C[5 x 8] (+)= Apanel^T Bpanel (the full tile)
  (func $k5x2 (type $kern) (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32)
      (param $kc i32) (param $acc i32)
    (local $end i32) (local $row i32) (local $a v128) (local $a03 v128) (local $mask v128)
    (local $b0 v128) (local $b1 v128) (local $c0_0 v128) (local $c0_1 v128) (local $c1_0 v128)
    (local $c1_1 v128) (local $c2_0 v128) (local $c2_1 v128) (local $c3_0 v128) (local $c3_1 v128)
    (local $c4_0 v128) (local $c4_1 v128)
    (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $kc) (i32.const 20))))
    (loop $L
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $a03 (v128.load (local.get $pa)))
      (local.set $a (i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 (local.get $a03) (local.get $a03)))
      (local.set $c0_0 (f32x4.relaxed_madd (local.get $a) (local.get $b0) (local.get $c0_0)))
      (local.set $c0_1 (f32x4.relaxed_madd (local.get $a) (local.get $b1) (local.get $c0_1)))
      (local.set $a (i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 (local.get $a03) (local.get $a03)))
      (local.set $c1_0 (f32x4.relaxed_madd (local.get $a) (local.get $b0) (local.get $c1_0)))
      (local.set $c1_1 (f32x4.relaxed_madd (local.get $a) (local.get $b1) (local.get $c1_1)))
      (local.set $a (i8x16.shuffle 8 9 10 11 8 9 10 11 8 9 10 11 8 9 10 11 (local.get $a03) (local.get $a03)))
      (local.set $c2_0 (f32x4.relaxed_madd (local.get $a) (local.get $b0) (local.get $c2_0)))
      (local.set $c2_1 (f32x4.relaxed_madd (local.get $a) (local.get $b1) (local.get $c2_1)))
      (local.set $a (i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 (local.get $a03) (local.get $a03)))
      (local.set $c3_0 (f32x4.relaxed_madd (local.get $a) (local.get $b0) (local.get $c3_0)))
      (local.set $c3_1 (f32x4.relaxed_madd (local.get $a) (local.get $b1) (local.get $c3_1)))
      (local.set $a (v128.load32_splat offset=16 (local.get $pa)))
      (local.set $c4_0 (f32x4.relaxed_madd (local.get $a) (local.get $b0) (local.get $c4_0)))
      (local.set $c4_1 (f32x4.relaxed_madd (local.get $a) (local.get $b1) (local.get $c4_1)))
      (local.set $pa (i32.add (local.get $pa) (i32.const 20)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br_if $L (i32.lt_u (local.get $pa) (local.get $end))))
    (local.set $row (local.get $c))
    ;; the first depth block stores C, later ones add to it (no load of C that is then dropped)
    (if (local.get $acc)
      (then
          (v128.store (local.get $row) (f32x4.add (v128.load (local.get $row)) (local.get $c0_0)))
          (v128.store offset=16 (local.get $row) (f32x4.add (v128.load offset=16 (local.get $row)) (local.get $c0_1)))
          (local.set $row (i32.add (local.get $row) (local.get $ldc)))
          (v128.store (local.get $row) (f32x4.add (v128.load (local.get $row)) (local.get $c1_0)))
          (v128.store offset=16 (local.get $row) (f32x4.add (v128.load offset=16 (local.get $row)) (local.get $c1_1)))
          (local.set $row (i32.add (local.get $row) (local.get $ldc)))
          (v128.store (local.get $row) (f32x4.add (v128.load (local.get $row)) (local.get $c2_0)))
          (v128.store offset=16 (local.get $row) (f32x4.add (v128.load offset=16 (local.get $row)) (local.get $c2_1)))
          (local.set $row (i32.add (local.get $row) (local.get $ldc)))
          (v128.store (local.get $row) (f32x4.add (v128.load (local.get $row)) (local.get $c3_0)))
          (v128.store offset=16 (local.get $row) (f32x4.add (v128.load offset=16 (local.get $row)) (local.get $c3_1)))
          (local.set $row (i32.add (local.get $row) (local.get $ldc)))
          (v128.store (local.get $row) (f32x4.add (v128.load (local.get $row)) (local.get $c4_0)))
          (v128.store offset=16 (local.get $row) (f32x4.add (v128.load offset=16 (local.get $row)) (local.get $c4_1))))
      (else
          (v128.store (local.get $row) (local.get $c0_0))
          (v128.store offset=16 (local.get $row) (local.get $c0_1))
          (local.set $row (i32.add (local.get $row) (local.get $ldc)))
          (v128.store (local.get $row) (local.get $c1_0))
          (v128.store offset=16 (local.get $row) (local.get $c1_1))
          (local.set $row (i32.add (local.get $row) (local.get $ldc)))
          (v128.store (local.get $row) (local.get $c2_0))
          (v128.store offset=16 (local.get $row) (local.get $c2_1))
          (local.set $row (i32.add (local.get $row) (local.get $ldc)))
          (v128.store (local.get $row) (local.get $c3_0))
          (v128.store offset=16 (local.get $row) (local.get $c3_1))
          (local.set $row (i32.add (local.get $row) (local.get $ldc)))
          (v128.store (local.get $row) (local.get $c4_0))
          (v128.store offset=16 (local.get $row) (local.get $c4_1)))))
