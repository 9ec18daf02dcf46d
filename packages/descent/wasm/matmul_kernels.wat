;; The matmul's micro-kernels with f32x4.mul + f32x4.add (WebAssembly SIMD), included by matmul.wat
;; in the plain modules (everything here comes before matmul.wat's functions: the table's indices are these).
;;
;; $kMxV(pa, pb, c, ldc, kc, acc): C[M x 4V] (+)= Apanel^T Bpanel over kc steps, where the packed A
;; panel holds M floats a step and the packed B panel 4V: each step loads V vectors of B, broadcasts
;; each of A's M floats, and accumulates M x V f32x4 products in registers ($cI_J: row I, vector J).
;; C's rows are ldc bytes apart; acc = 0 stores, acc = 1 adds to C. C is loaded either way and
;; masked to +0 (all-zero bits) for the first depth block, which keeps one copy of the store code.
;; The 2 x 16 kernel ($k2x4), not unrolled, is the fastest measured in V8 (Node 20, x64): it needs
;; 8 accumulators + 4 B vectors + 2 broadcasts + 1 product = 15 xmm registers, all V8 allocates;
;; larger tiles, or unrolling (TurboFan hoists the next step's loads), spill to the stack.
;; MR, NR and UNROLL are read back by the JS side (wasm_kernel.ts); MR4 and MR16 are an A panel's
;; bytes per depth step and per 4 steps, NR4 a B panel's per step, for matmul.wat's packing.
;; Tiles of one row (odd m) run $k2xV on the zero-padded panel into the scratch tile.

  ;; @set MR 2
  ;; @set NR 16
  ;; @set MR4 8
  ;; @set MR16 32
  ;; @set NR4 64
  (global (export "MR") i32 (i32.const ${MR}))
  (global (export "NR") i32 (i32.const ${NR}))
  (global (export "UNROLL") i32 (i32.const 1))

  (table 4 funcref)

  (elem (i32.const 0) $k2x1 $k2x2 $k2x3 $k2x4)

  ;; C[2 x 4] (+)= Apanel^T Bpanel (an edge tile)
  (func $k2x1 (type $kern) (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32)
      (param $kc i32) (param $acc i32)
    (local $end i32) (local $row i32) (local $a v128) (local $mask v128) (local $b0 v128)
    (local $c0_0 v128) (local $c1_0 v128)
    (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $kc) (i32.const 8))))
    (loop $L
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $a (v128.load32_splat (local.get $pa)))
      (local.set $c0_0 (f32x4.add (local.get $c0_0) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $a (v128.load32_splat offset=4 (local.get $pa)))
      (local.set $c1_0 (f32x4.add (local.get $c1_0) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
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
    (local.set $row (i32.add (local.get $row) (local.get $ldc))))

  ;; C[2 x 8] (+)= Apanel^T Bpanel (an edge tile)
  (func $k2x2 (type $kern) (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32)
      (param $kc i32) (param $acc i32)
    (local $end i32) (local $row i32) (local $a v128) (local $mask v128) (local $b0 v128)
    (local $b1 v128) (local $c0_0 v128) (local $c0_1 v128) (local $c1_0 v128) (local $c1_1 v128)
    (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $kc) (i32.const 8))))
    (loop $L
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $a (v128.load32_splat (local.get $pa)))
      (local.set $c0_0 (f32x4.add (local.get $c0_0) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c0_1 (f32x4.add (local.get $c0_1) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $a (v128.load32_splat offset=4 (local.get $pa)))
      (local.set $c1_0 (f32x4.add (local.get $c1_0) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c1_1 (f32x4.add (local.get $c1_1) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 32)))
      (br_if $L (i32.lt_u (local.get $pa) (local.get $end))))
    (local.set $row (local.get $c))
    (local.set $mask (i32x4.splat (i32.sub (i32.const 0) (local.get $acc))))
    (v128.store
      (local.get $row)
      (f32x4.add (v128.and (v128.load (local.get $row)) (local.get $mask)) (local.get $c0_0)))
    (v128.store offset=16
      (local.get $row)
      (f32x4.add
        (v128.and (v128.load offset=16 (local.get $row)) (local.get $mask))
        (local.get $c0_1)))
    (local.set $row (i32.add (local.get $row) (local.get $ldc)))
    (v128.store
      (local.get $row)
      (f32x4.add (v128.and (v128.load (local.get $row)) (local.get $mask)) (local.get $c1_0)))
    (v128.store offset=16
      (local.get $row)
      (f32x4.add
        (v128.and (v128.load offset=16 (local.get $row)) (local.get $mask))
        (local.get $c1_1)))
    (local.set $row (i32.add (local.get $row) (local.get $ldc))))

  ;; C[2 x 12] (+)= Apanel^T Bpanel (an edge tile)
  (func $k2x3 (type $kern) (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32)
      (param $kc i32) (param $acc i32)
    (local $end i32) (local $row i32) (local $a v128) (local $mask v128) (local $b0 v128)
    (local $b1 v128) (local $b2 v128) (local $c0_0 v128) (local $c0_1 v128) (local $c0_2 v128)
    (local $c1_0 v128) (local $c1_1 v128) (local $c1_2 v128)
    (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $kc) (i32.const 8))))
    (loop $L
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $b2 (v128.load offset=32 (local.get $pb)))
      (local.set $a (v128.load32_splat (local.get $pa)))
      (local.set $c0_0 (f32x4.add (local.get $c0_0) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c0_1 (f32x4.add (local.get $c0_1) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $c0_2 (f32x4.add (local.get $c0_2) (f32x4.mul (local.get $a) (local.get $b2))))
      (local.set $a (v128.load32_splat offset=4 (local.get $pa)))
      (local.set $c1_0 (f32x4.add (local.get $c1_0) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c1_1 (f32x4.add (local.get $c1_1) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $c1_2 (f32x4.add (local.get $c1_2) (f32x4.mul (local.get $a) (local.get $b2))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 48)))
      (br_if $L (i32.lt_u (local.get $pa) (local.get $end))))
    (local.set $row (local.get $c))
    (local.set $mask (i32x4.splat (i32.sub (i32.const 0) (local.get $acc))))
    (v128.store
      (local.get $row)
      (f32x4.add (v128.and (v128.load (local.get $row)) (local.get $mask)) (local.get $c0_0)))
    (v128.store offset=16
      (local.get $row)
      (f32x4.add
        (v128.and (v128.load offset=16 (local.get $row)) (local.get $mask))
        (local.get $c0_1)))
    (v128.store offset=32
      (local.get $row)
      (f32x4.add
        (v128.and (v128.load offset=32 (local.get $row)) (local.get $mask))
        (local.get $c0_2)))
    (local.set $row (i32.add (local.get $row) (local.get $ldc)))
    (v128.store
      (local.get $row)
      (f32x4.add (v128.and (v128.load (local.get $row)) (local.get $mask)) (local.get $c1_0)))
    (v128.store offset=16
      (local.get $row)
      (f32x4.add
        (v128.and (v128.load offset=16 (local.get $row)) (local.get $mask))
        (local.get $c1_1)))
    (v128.store offset=32
      (local.get $row)
      (f32x4.add
        (v128.and (v128.load offset=32 (local.get $row)) (local.get $mask))
        (local.get $c1_2)))
    (local.set $row (i32.add (local.get $row) (local.get $ldc))))

  ;; C[2 x 16] (+)= Apanel^T Bpanel (the full tile)
  (func $k2x4 (type $kern) (param $pa i32) (param $pb i32) (param $c i32) (param $ldc i32)
      (param $kc i32) (param $acc i32)
    (local $end i32) (local $row i32) (local $a v128) (local $mask v128) (local $b0 v128)
    (local $b1 v128) (local $b2 v128) (local $b3 v128) (local $c0_0 v128) (local $c0_1 v128)
    (local $c0_2 v128) (local $c0_3 v128) (local $c1_0 v128) (local $c1_1 v128) (local $c1_2 v128)
    (local $c1_3 v128)
    (local.set $end (i32.add (local.get $pa) (i32.mul (local.get $kc) (i32.const 8))))
    (loop $L
      (local.set $b0 (v128.load (local.get $pb)))
      (local.set $b1 (v128.load offset=16 (local.get $pb)))
      (local.set $b2 (v128.load offset=32 (local.get $pb)))
      (local.set $b3 (v128.load offset=48 (local.get $pb)))
      (local.set $a (v128.load32_splat (local.get $pa)))
      (local.set $c0_0 (f32x4.add (local.get $c0_0) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c0_1 (f32x4.add (local.get $c0_1) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $c0_2 (f32x4.add (local.get $c0_2) (f32x4.mul (local.get $a) (local.get $b2))))
      (local.set $c0_3 (f32x4.add (local.get $c0_3) (f32x4.mul (local.get $a) (local.get $b3))))
      (local.set $a (v128.load32_splat offset=4 (local.get $pa)))
      (local.set $c1_0 (f32x4.add (local.get $c1_0) (f32x4.mul (local.get $a) (local.get $b0))))
      (local.set $c1_1 (f32x4.add (local.get $c1_1) (f32x4.mul (local.get $a) (local.get $b1))))
      (local.set $c1_2 (f32x4.add (local.get $c1_2) (f32x4.mul (local.get $a) (local.get $b2))))
      (local.set $c1_3 (f32x4.add (local.get $c1_3) (f32x4.mul (local.get $a) (local.get $b3))))
      (local.set $pa (i32.add (local.get $pa) (i32.const 8)))
      (local.set $pb (i32.add (local.get $pb) (i32.const 64)))
      (br_if $L (i32.lt_u (local.get $pa) (local.get $end))))
    (local.set $row (local.get $c))
    (local.set $mask (i32x4.splat (i32.sub (i32.const 0) (local.get $acc))))
    (v128.store
      (local.get $row)
      (f32x4.add (v128.and (v128.load (local.get $row)) (local.get $mask)) (local.get $c0_0)))
    (v128.store offset=16
      (local.get $row)
      (f32x4.add
        (v128.and (v128.load offset=16 (local.get $row)) (local.get $mask))
        (local.get $c0_1)))
    (v128.store offset=32
      (local.get $row)
      (f32x4.add
        (v128.and (v128.load offset=32 (local.get $row)) (local.get $mask))
        (local.get $c0_2)))
    (v128.store offset=48
      (local.get $row)
      (f32x4.add
        (v128.and (v128.load offset=48 (local.get $row)) (local.get $mask))
        (local.get $c0_3)))
    (local.set $row (i32.add (local.get $row) (local.get $ldc)))
    (v128.store
      (local.get $row)
      (f32x4.add (v128.and (v128.load (local.get $row)) (local.get $mask)) (local.get $c1_0)))
    (v128.store offset=16
      (local.get $row)
      (f32x4.add
        (v128.and (v128.load offset=16 (local.get $row)) (local.get $mask))
        (local.get $c1_1)))
    (v128.store offset=32
      (local.get $row)
      (f32x4.add
        (v128.and (v128.load offset=32 (local.get $row)) (local.get $mask))
        (local.get $c1_2)))
    (v128.store offset=48
      (local.get $row)
      (f32x4.add
        (v128.and (v128.load offset=48 (local.get $row)) (local.get $mask))
        (local.get $c1_3)))
    (local.set $row (i32.add (local.get $row) (local.get $ldc))))
