;; The float32 matrix product C = op(A) op(B), descent's "wasm" backend (src/backend/wasm/
;; wasm_kernel.ts calls gemm and transpose; scripts/build-wasm.ts assembles four modules from this).
;;
;; The algorithm is the Goto/BLIS one: for each [KC x NC] block of B, pack it into NR-wide column
;; panels ($packB); for each [MC x KC] block of A, pack it into MR-high row panels ($packA);
;; then an MR x NR register-blocked micro-kernel multiplies one A panel by one B panel, keeping
;; MR * NR / 4 f32x4 accumulators in registers. Narrower edge tiles use narrower kernels ($kMRxV:
;; 4 V columns); A panels are zero-padded to MR rows, and a tile with fewer rows, or a column count
;; that is not a multiple of 4, goes through a scratch tile. Cache blocking (MC, KC, NC) is the caller's.
;;
;; Variants (scripts/build-wasm.ts): "relaxed" takes the micro-kernels from matmul_kernels_fma.wat
;; (f32x4.relaxed_madd: a fused multiply-add where the engine has one; MR x NR = 5 x 8), others
;; from matmul_kernels.wat (f32x4.mul then f32x4.add; 2 x 16); each sets MR, NR, MR4 (an A
;; panel's bytes per depth step), MR16 and NR4 (MR and NR times 16 and 4) for the loops here.
;; "shared" imports a shared memory for the helper threads (src/backend/wasm/wasm_threads.ts)
;; instead of defining its own.
;; Each module must stay under 4 KB (Chrome compiles only those synchronously on a page's main
;; thread; test/backend/matmul.test.ts checks it).
(module

  ;; The micro-kernels' signature: (pa, pb, c, ldc, kc, acc), called through the table.
  (type $kern (func (param i32) (param i32) (param i32) (param i32) (param i32) (param i32)))

  ;; @if shared
  (import "env" "memory" (memory 1 65536 shared))
  ;; @else
  (memory (export "memory") 1)
  ;; @end

  ;; @if relaxed
  ;; @include matmul_kernels_fma.wat
  ;; @else
  ;; @include matmul_kernels.wat
  ;; @end

  ;; packB(b, sbk, sbn, kcb, kcp, ncb, dst): packs B[0:kcb, 0:ncb] (B(p, j) at b + p sbk + j sbn,
  ;; byte strides, one of them 4) into NR-wide panels, each [kcp x wp] row-major, zero-padded
  ;; (wp: the panel's width rounded up to 4). Rows contiguous (sbn = 4): copied 4 floats at a time.
  ;; Columns contiguous (sbk = 4): 4 columns at a time, each 4 x 4 block transposed in registers
  ;; ($t0..$t3 interleave row pairs, then output row q takes halves of two of them).
  (func $packB (param $b i32) (param $sbk i32) (param $sbn i32) (param $kcb i32) (param $kcp i32)
      (param $ncb i32) (param $dst i32)
    (local $jr i32) (local $w i32) (local $wp4 i32) (local $p i32) (local $j i32) (local $s i32)
    (local $d i32) (local $src i32) (local $pd i32) (local $r0 v128) (local $r1 v128)
    (local $r2 v128) (local $r3 v128) (local $t0 v128) (local $t1 v128) (local $t2 v128)
    (local $t3 v128)
    (local.set $jr (i32.const 0))
    (loop $for_jr
      (local.set $w
        (select
          (i32.const ${NR})
          (i32.sub (local.get $ncb) (local.get $jr))
          (i32.lt_s (i32.const ${NR}) (i32.sub (local.get $ncb) (local.get $jr)))))
      (local.set $wp4
        (i32.shl (i32.and (i32.add (local.get $w) (i32.const 3)) (i32.const -4)) (i32.const 2)))
      (local.set $pd
        (i32.add
          (local.get $dst)
          (i32.shl (i32.mul (local.get $jr) (local.get $kcp)) (i32.const 2))))
      (local.set $src (i32.add (local.get $b) (i32.mul (local.get $jr) (local.get $sbn))))
      (if
          (i32.or
            (i32.ne (i32.shl (local.get $w) (i32.const 2)) (local.get $wp4))
            (i32.ne (local.get $kcb) (local.get $kcp)))
        (then
          (memory.fill (local.get $pd) (i32.const 0) (i32.mul (local.get $kcp) (local.get $wp4)))))
      ;; A whole panel of rows contiguous (sbn = 4, w = NR): NR / 4 vectors a row, straight.
      (if (i32.and (i32.eq (local.get $sbn) (i32.const 4)) (i32.eq (local.get $w) (i32.const ${NR})))
        (then
          (local.set $s (local.get $src))
          (local.set $d (local.get $pd))
          (local.set $p (i32.const 0))
          (loop $copy
            (v128.store (local.get $d) (v128.load (local.get $s)))
            (v128.store offset=16 (local.get $d) (v128.load offset=16 (local.get $s)))
            ;; @if relaxed
            ;; @else
            (v128.store offset=32 (local.get $d) (v128.load offset=32 (local.get $s)))
            (v128.store offset=48 (local.get $d) (v128.load offset=48 (local.get $s)))
            ;; @end
            (local.set $s (i32.add (local.get $s) (local.get $sbk)))
            (local.set $d (i32.add (local.get $d) (i32.const ${NR4})))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br_if $copy (i32.lt_s (local.get $p) (local.get $kcb)))))
        (else
          (if (i32.eq (local.get $sbn) (i32.const 4))
            (then
              (local.set $p (i32.const 0))
              (loop $for_p
                (local.set $s (i32.add (local.get $src) (i32.mul (local.get $p) (local.get $sbk))))
                (local.set $d (i32.add (local.get $pd) (i32.mul (local.get $p) (local.get $wp4))))
                (local.set $j (i32.const 0))
                (block $while1_end
                  (loop $while1
                    (br_if $while1_end
                      (i32.eqz (i32.le_s (i32.add (local.get $j) (i32.const 4)) (local.get $w))))
                    (v128.store (local.get $d) (v128.load (local.get $s)))
                    (local.set $s (i32.add (local.get $s) (i32.const 16)))
                    (local.set $d (i32.add (local.get $d) (i32.const 16)))
                    (local.set $j (i32.add (local.get $j) (i32.const 4)))
                    (br $while1)))
                (block $while2_end
                  (loop $while2
                    (br_if $while2_end (i32.eqz (i32.lt_s (local.get $j) (local.get $w))))
                    (f32.store (local.get $d) (f32.load (local.get $s)))
                    (local.set $s (i32.add (local.get $s) (i32.const 4)))
                    (local.set $d (i32.add (local.get $d) (i32.const 4)))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))
                    (br $while2)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br_if $for_p (i32.lt_s (local.get $p) (local.get $kcb)))))
            (else
              (local.set $j (i32.const 0))
              (block $while3_end
                (loop $while3
                  (br_if $while3_end
                    (i32.eqz
                      (i32.and
                        (i32.eq (local.get $sbk) (i32.const 4))
                        (i32.le_s (i32.add (local.get $j) (i32.const 4)) (local.get $w)))))
                  (local.set $s (i32.add (local.get $src) (i32.mul (local.get $j) (local.get $sbn))))
                  (local.set $d (i32.add (local.get $pd) (i32.shl (local.get $j) (i32.const 2))))
                  (local.set $p (i32.const 0))
                  (block $while4_end
                    (loop $while4
                      (br_if $while4_end
                        (i32.eqz (i32.le_s (i32.add (local.get $p) (i32.const 4)) (local.get $kcb))))
                      (local.set $r0
                        (v128.load (i32.add (local.get $s) (i32.mul (i32.const 0) (local.get $sbn)))))
                      (local.set $r1
                        (v128.load (i32.add (local.get $s) (i32.mul (i32.const 1) (local.get $sbn)))))
                      (local.set $r2
                        (v128.load (i32.add (local.get $s) (i32.mul (i32.const 2) (local.get $sbn)))))
                      (local.set $r3
                        (v128.load (i32.add (local.get $s) (i32.mul (i32.const 3) (local.get $sbn)))))
                      (local.set $t0
                        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
                          (local.get $r0)
                          (local.get $r1)))
                      (local.set $t1
                        (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
                          (local.get $r0)
                          (local.get $r1)))
                      (local.set $t2
                        (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
                          (local.get $r2)
                          (local.get $r3)))
                      (local.set $t3
                        (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
                          (local.get $r2)
                          (local.get $r3)))
                      (v128.store
                        (local.get $d)
                        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                          (local.get $t0)
                          (local.get $t2)))
                      (v128.store
                        (i32.add (local.get $d) (i32.mul (i32.const 1) (local.get $wp4)))
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                          (local.get $t0)
                          (local.get $t2)))
                      (v128.store
                        (i32.add (local.get $d) (i32.mul (i32.const 2) (local.get $wp4)))
                        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                          (local.get $t1)
                          (local.get $t3)))
                      (v128.store
                        (i32.add (local.get $d) (i32.mul (i32.const 3) (local.get $wp4)))
                        (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                          (local.get $t1)
                          (local.get $t3)))
                      (local.set $s (i32.add (local.get $s) (i32.const 16)))
                      (local.set $d (i32.add (local.get $d) (i32.mul (i32.const 4) (local.get $wp4))))
                      (local.set $p (i32.add (local.get $p) (i32.const 4)))
                      (br $while4)))
                  (block $while5_end
                    (loop $while5
                      (br_if $while5_end (i32.eqz (i32.lt_s (local.get $p) (local.get $kcb))))
                      (f32.store
                        (i32.add (local.get $d) (i32.const 0))
                        (f32.load (i32.add (local.get $s) (i32.mul (i32.const 0) (local.get $sbn)))))
                      (f32.store
                        (i32.add (local.get $d) (i32.const 4))
                        (f32.load (i32.add (local.get $s) (i32.mul (i32.const 1) (local.get $sbn)))))
                      (f32.store
                        (i32.add (local.get $d) (i32.const 8))
                        (f32.load (i32.add (local.get $s) (i32.mul (i32.const 2) (local.get $sbn)))))
                      (f32.store
                        (i32.add (local.get $d) (i32.const 12))
                        (f32.load (i32.add (local.get $s) (i32.mul (i32.const 3) (local.get $sbn)))))
                      (local.set $s (i32.add (local.get $s) (i32.const 4)))
                      (local.set $d (i32.add (local.get $d) (local.get $wp4)))
                      (local.set $p (i32.add (local.get $p) (i32.const 1)))
                      (br $while5)))
                  (local.set $j (i32.add (local.get $j) (i32.const 4)))
                  (br $while3)))
              (block $while6_end
                (loop $while6
                  (br_if $while6_end (i32.eqz (i32.lt_s (local.get $j) (local.get $w))))
                  (local.set $s (i32.add (local.get $src) (i32.mul (local.get $j) (local.get $sbn))))
                  (local.set $d (i32.add (local.get $pd) (i32.shl (local.get $j) (i32.const 2))))
                  (local.set $p (i32.const 0))
                  (loop $for_p
                    (f32.store (local.get $d) (f32.load (local.get $s)))
                    (local.set $s (i32.add (local.get $s) (local.get $sbk)))
                    (local.set $d (i32.add (local.get $d) (local.get $wp4)))
                    (local.set $p (i32.add (local.get $p) (i32.const 1)))
                    (br_if $for_p (i32.lt_s (local.get $p) (local.get $kcb))))
                  (local.set $j (i32.add (local.get $j) (i32.const 1)))
                  (br $while6)))))))
      (local.set $jr (i32.add (local.get $jr) (i32.const ${NR})))
      (br_if $for_jr (i32.lt_s (local.get $jr) (local.get $ncb)))))

  ;; packA(a, sam, sak, mcb, kcb, kcp, dst): packs A[0:mcb, 0:kcb] (A(i, p) at a + i sam + p sak,
  ;; byte strides, one of them 4) into MR-high panels, each [kcp x MR] row-major (MR4 bytes a
  ;; step), zero-padded (rows past mcb, steps past kcb). Rows contiguous (sak = 4): a whole panel's
  ;; rows 4 steps at a time, transposed in registers (MR = 2: interleaved pairs; MR = 5: a 4 x 4
  ;; transpose as in packB, and row 4 lane by lane), any other rows one at a time. Columns
  ;; contiguous (sam = 4): a whole panel's MR floats per step in one or two loads.
  (func $packA (param $a i32) (param $sam i32) (param $sak i32) (param $mcb i32) (param $kcb i32)
      (param $kcp i32) (param $dst i32)
    (local $ir i32) (local $w i32) (local $p i32) (local $p0 i32) (local $i i32) (local $s i32)
    (local $d i32) (local $src i32) (local $pd i32) (local $r0 v128) (local $r1 v128)
    ;; @if relaxed
    (local $r2 v128) (local $r3 v128) (local $r4 v128) (local $t0 v128) (local $t1 v128)
    (local $t2 v128) (local $t3 v128)
    ;; @end
    (local.set $ir (i32.const 0))
    (loop $for_ir
      (local.set $w
        (select
          (i32.const ${MR})
          (i32.sub (local.get $mcb) (local.get $ir))
          (i32.lt_s (i32.const ${MR}) (i32.sub (local.get $mcb) (local.get $ir)))))
      (local.set $pd
        (i32.add
          (local.get $dst)
          (i32.shl (i32.mul (local.get $ir) (local.get $kcp)) (i32.const 2))))
      (local.set $src (i32.add (local.get $a) (i32.mul (local.get $ir) (local.get $sam))))
      (if (i32.or (i32.ne (local.get $w) (i32.const ${MR})) (i32.ne (local.get $kcb) (local.get $kcp)))
        (then
          (memory.fill (local.get $pd) (i32.const 0) (i32.mul (local.get $kcp) (i32.const ${MR4})))))
      (if (i32.eq (local.get $sak) (i32.const 4))
        (then
          (local.set $i (i32.const 0))
          (local.set $p0 (i32.const 0))
          (if (i32.eq (local.get $w) (i32.const ${MR}))
            (then
              (local.set $s (local.get $src))
              (local.set $d (local.get $pd))
              (local.set $p (i32.const 0))
              (block $while1_end
                (loop $while1
                  (br_if $while1_end
                    (i32.eqz (i32.le_s (i32.add (local.get $p) (i32.const 4)) (local.get $kcb))))
                  (local.set $r0 (v128.load (local.get $s)))
                  (local.set $r1 (v128.load (i32.add (local.get $s) (local.get $sam))))
                  ;; @if relaxed
                  (local.set $r2
                    (v128.load (i32.add (local.get $s) (i32.shl (local.get $sam) (i32.const 1)))))
                  (local.set $r3
                    (v128.load (i32.add (local.get $s) (i32.mul (local.get $sam) (i32.const 3)))))
                  (local.set $r4
                    (v128.load (i32.add (local.get $s) (i32.shl (local.get $sam) (i32.const 2)))))
                  (local.set $t0
                    (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
                      (local.get $r0)
                      (local.get $r1)))
                  (local.set $t1
                    (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
                      (local.get $r0)
                      (local.get $r1)))
                  (local.set $t2
                    (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
                      (local.get $r2)
                      (local.get $r3)))
                  (local.set $t3
                    (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
                      (local.get $r2)
                      (local.get $r3)))
                  (v128.store
                    (local.get $d)
                    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                      (local.get $t0)
                      (local.get $t2)))
                  (f32.store offset=16 (local.get $d) (f32x4.extract_lane 0 (local.get $r4)))
                  (v128.store offset=20
                    (local.get $d)
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                      (local.get $t0)
                      (local.get $t2)))
                  (f32.store offset=36 (local.get $d) (f32x4.extract_lane 1 (local.get $r4)))
                  (v128.store offset=40
                    (local.get $d)
                    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                      (local.get $t1)
                      (local.get $t3)))
                  (f32.store offset=56 (local.get $d) (f32x4.extract_lane 2 (local.get $r4)))
                  (v128.store offset=60
                    (local.get $d)
                    (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31
                      (local.get $t1)
                      (local.get $t3)))
                  (f32.store offset=76 (local.get $d) (f32x4.extract_lane 3 (local.get $r4)))
                  ;; @else
                  (v128.store
                    (local.get $d)
                    (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23
                      (local.get $r0)
                      (local.get $r1)))
                  (v128.store offset=16
                    (local.get $d)
                    (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31
                      (local.get $r0)
                      (local.get $r1)))
                  ;; @end
                  (local.set $s (i32.add (local.get $s) (i32.const 16)))
                  (local.set $d (i32.add (local.get $d) (i32.const ${MR16})))
                  (local.set $p (i32.add (local.get $p) (i32.const 4)))
                  (br $while1)))
              ;; the last kcb mod 4 steps, row by row below
              (local.set $p0 (local.get $p))))
          (block $while3_end
            (loop $while3
              (br_if $while3_end (i32.eqz (i32.lt_s (local.get $i) (local.get $w))))
              (local.set $s
                (i32.add
                  (local.get $src)
                  (i32.add
                    (i32.mul (local.get $i) (local.get $sam))
                    (i32.shl (local.get $p0) (i32.const 2)))))
              (local.set $d
                (i32.add
                  (local.get $pd)
                  (i32.add
                    (i32.shl (local.get $i) (i32.const 2))
                    (i32.mul (local.get $p0) (i32.const ${MR4})))))
              (local.set $p (local.get $p0))
              (block $for_p_end
                (loop $for_p
                  (br_if $for_p_end (i32.ge_s (local.get $p) (local.get $kcb)))
                  (f32.store (local.get $d) (f32.load (local.get $s)))
                  (local.set $s (i32.add (local.get $s) (i32.const 4)))
                  (local.set $d (i32.add (local.get $d) (i32.const ${MR4})))
                  (local.set $p (i32.add (local.get $p) (i32.const 1)))
                  (br $for_p)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $while3))))
        (else
          (local.set $p (i32.const 0))
          (loop $for_p
            (local.set $s (i32.add (local.get $src) (i32.mul (local.get $p) (local.get $sak))))
            (local.set $d (i32.add (local.get $pd) (i32.mul (local.get $p) (i32.const ${MR4}))))
            (if
                (i32.and
                  (i32.eq (local.get $w) (i32.const ${MR}))
                  (i32.eq (local.get $sam) (i32.const 4)))
              (then
                ;; @if relaxed
                (v128.store (local.get $d) (v128.load (local.get $s)))
                (f32.store offset=16 (local.get $d) (f32.load offset=16 (local.get $s))))
                ;; @else
                (i64.store (local.get $d) (i64.load (local.get $s))))
                ;; @end
              (else
                (local.set $i (i32.const 0))
                (loop $for_i
                  (f32.store (local.get $d) (f32.load (local.get $s)))
                  (local.set $s (i32.add (local.get $s) (local.get $sam)))
                  (local.set $d (i32.add (local.get $d) (i32.const 4)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $for_i (i32.lt_s (local.get $i) (local.get $w))))))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br_if $for_p (i32.lt_s (local.get $p) (local.get $kcb))))))
      (local.set $ir (i32.add (local.get $ir) (i32.const ${MR})))
      (br_if $for_ir (i32.lt_s (local.get $ir) (local.get $mcb)))))

  ;; packb(b, sbk, sbn, k, n, kc, dst): B[k x n] packed as gemm packs it, every depth block
  ;; (block pc at dst + 4 pc up(n, 4); UNROLL = 1, so a block's kcp is its kcb), once for all
  ;; the threads' bands of rows (gemm's packed).
  (func (export "packb") (param $b i32) (param $sbk i32) (param $sbn i32) (param $k i32)
      (param $n i32) (param $kc i32) (param $dst i32)
    (local $pc i32) (local $kcb i32)
    (local.set $sbk (i32.shl (local.get $sbk) (i32.const 2)))
    (local.set $sbn (i32.shl (local.get $sbn) (i32.const 2)))
    (loop $for_pc
      (local.set $kcb
        (select
          (local.get $kc)
          (i32.sub (local.get $k) (local.get $pc))
          (i32.lt_s (local.get $kc) (i32.sub (local.get $k) (local.get $pc)))))
      (call $packB
        (i32.add (local.get $b) (i32.mul (local.get $pc) (local.get $sbk)))
        (local.get $sbk)
        (local.get $sbn)
        (local.get $kcb)
        (local.get $kcb)
        (local.get $n)
        (i32.add
          (local.get $dst)
          (i32.shl
            (i32.mul (local.get $pc) (i32.and (i32.add (local.get $n) (i32.const 3)) (i32.const -4)))
            (i32.const 2))))
      (local.set $pc (i32.add (local.get $pc) (local.get $kc)))
      (br_if $for_pc (i32.lt_s (local.get $pc) (local.get $k)))))

  ;; gemm(m, n, k, a, sam, sak, b, sbk, sbn, c, ldc, pA, pB, tile, mc, kc, nc, packed):
  ;; C[m x n] = op(A) op(B) with A(i, p) at a + 4 (i sam + p sak), B(p, j) at b + 4 (p sbk + j sbn),
  ;; C(i, j) at c + 4 (i ldc + j); all sizes >= 1. Pointers are byte addresses, strides elements.
  ;; pA, pB: room for the packed panels; tile: an MR x NR scratch tile; mc, kc, nc: cache blocking;
  ;; packed: 0, or where packb has packed all of B already (then n <= nc: one block of columns).
  ;; Loops jc (NC columns of B) > pc (KC depths) > ic (MC rows of A) > jr (NR-wide panels) > ir
  ;; (MR-high panels), as in BLIS; the first depth block stores C, later ones add to it ($acc).
  ;; The micro-kernel of a tile 4 nvp columns wide is table entry nvp - 1 ($k${MR}x1 ..).
  (func (export "gemm") (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $sam i32)
      (param $sak i32) (param $b i32) (param $sbk i32) (param $sbn i32) (param $c i32)
      (param $ldc i32) (param $pA i32) (param $pB i32) (param $tile i32) (param $mc i32)
      (param $kc i32) (param $nc i32) (param $packed i32)
    (local $jc i32) (local $ncb i32) (local $pc i32) (local $kcb i32) (local $kcp i32)
    (local $ic i32) (local $mcb i32) (local $jr i32) (local $nr i32) (local $nvp i32)
    (local $ir i32) (local $mr i32) (local $cp i32) (local $acc i32) (local $i i32) (local $j i32)
    (local $x i32) (local $pb i32)
    ;; Strides from elements to bytes.
    (local.set $sam (i32.shl (local.get $sam) (i32.const 2)))
    (local.set $sak (i32.shl (local.get $sak) (i32.const 2)))
    (local.set $sbk (i32.shl (local.get $sbk) (i32.const 2)))
    (local.set $sbn (i32.shl (local.get $sbn) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    ;; for jc = 0, nc, ... < n: ncb = min(nc, n - jc) columns of B and C.
    (local.set $jc (i32.const 0))
    (loop $for_jc
      (local.set $ncb
        (select
          (local.get $nc)
          (i32.sub (local.get $n) (local.get $jc))
          (i32.lt_s (local.get $nc) (i32.sub (local.get $n) (local.get $jc)))))
      ;; for pc = 0, kc, ... < k: kcb depths, packed B[pc:, jc:] (first block stores C, later ones add).
      (local.set $pc (i32.const 0))
      (loop $for_pc
        (local.set $kcb
          (select
            (local.get $kc)
            (i32.sub (local.get $k) (local.get $pc))
            (i32.lt_s (local.get $kc) (i32.sub (local.get $k) (local.get $pc)))))
        ;; kcp: kcb rounded up to a multiple of UNROLL (1: kcp = kcb).
        (local.set $kcp
          (i32.mul (i32.div_u (i32.add (local.get $kcb) (i32.const 0)) (i32.const 1)) (i32.const 1)))
        (if (local.get $packed)
          (then
            (local.set $pB
              (i32.add
                (local.get $packed)
                (i32.shl
                  (i32.mul
                    (local.get $pc)
                    (i32.and (i32.add (local.get $ncb) (i32.const 3)) (i32.const -4)))
                  (i32.const 2)))))
          (else
            (call $packB
              (i32.add
                (local.get $b)
                (i32.add
                  (i32.mul (local.get $pc) (local.get $sbk))
                  (i32.mul (local.get $jc) (local.get $sbn))))
              (local.get $sbk)
              (local.get $sbn)
              (local.get $kcb)
              (local.get $kcp)
              (local.get $ncb)
              (local.get $pB))))
        (local.set $acc (i32.ne (local.get $pc) (i32.const 0)))
        ;; for ic = 0, mc, ... < m: mcb rows, packed A[ic:, pc:].
        (local.set $ic (i32.const 0))
        (loop $for_ic
          (local.set $mcb
            (select
              (local.get $mc)
              (i32.sub (local.get $m) (local.get $ic))
              (i32.lt_s (local.get $mc) (i32.sub (local.get $m) (local.get $ic)))))
          (call $packA
            (i32.add
              (local.get $a)
              (i32.add
                (i32.mul (local.get $ic) (local.get $sam))
                (i32.mul (local.get $pc) (local.get $sak))))
            (local.get $sam)
            (local.get $sak)
            (local.get $mcb)
            (local.get $kcb)
            (local.get $kcp)
            (local.get $pA))
          ;; for jr = 0, NR, ... < ncb: nr columns, nvp = ceil(nr / 4) vectors, their B panel at pb.
          (local.set $jr (i32.const 0))
          (loop $for_jr
            (local.set $nr
              (select
                (i32.const ${NR})
                (i32.sub (local.get $ncb) (local.get $jr))
                (i32.lt_s (i32.const ${NR}) (i32.sub (local.get $ncb) (local.get $jr)))))
            (local.set $nvp (i32.shr_u (i32.add (local.get $nr) (i32.const 3)) (i32.const 2)))
            (local.set $pb
              (i32.add
                (local.get $pB)
                (i32.shl (i32.mul (local.get $jr) (local.get $kcp)) (i32.const 2))))
            ;; for ir = 0, MR, ... < mcb: mr rows, their A panel at x, C at cp.
            (local.set $ir (i32.const 0))
            (loop $for_ir
              (local.set $mr
                (select
                  (i32.const ${MR})
                  (i32.sub (local.get $mcb) (local.get $ir))
                  (i32.lt_s (i32.const ${MR}) (i32.sub (local.get $mcb) (local.get $ir)))))
              (local.set $x
                (i32.add
                  (local.get $pA)
                  (i32.shl (i32.mul (local.get $ir) (local.get $kcp)) (i32.const 2))))
              (local.set $cp
                (i32.add
                  (local.get $c)
                  (i32.add
                    (i32.mul (i32.add (local.get $ic) (local.get $ir)) (local.get $ldc))
                    (i32.shl (i32.add (local.get $jc) (local.get $jr)) (i32.const 2)))))
              ;; Micro-kernel $k${MR}x<nvp> (table entry nvp - 1; it computes all MR rows, the A panel
              ;; being zero-padded): straight into C when the tile is whole (mr = MR) and nr a multiple
              ;; of 4, else into the tile and then element by element (C += tile, or C = tile).
              (if
                  (i32.and
                    (i32.eq (local.get $nr) (i32.shl (local.get $nvp) (i32.const 2)))
                    (i32.eq (local.get $mr) (i32.const ${MR})))
                (then
                  (call_indirect
                    (type $kern)
                    (local.get $x)
                    (local.get $pb)
                    (local.get $cp)
                    (local.get $ldc)
                    (local.get $kcp)
                    (local.get $acc)
                    (i32.sub (local.get $nvp) (i32.const 1))))
                (else
                  (call_indirect
                    (type $kern)
                    (local.get $x)
                    (local.get $pb)
                    (local.get $tile)
                    (i32.shl (local.get $nvp) (i32.const 4))
                    (local.get $kcp)
                    (i32.const 0)
                    (i32.sub (local.get $nvp) (i32.const 1)))
                  (local.set $i (i32.const 0))
                  (loop $for_i
                    (local.set $j (i32.const 0))
                    (loop $for_j
                      (local.set $x
                        (i32.add
                          (local.get $cp)
                          (i32.add
                            (i32.mul (local.get $i) (local.get $ldc))
                            (i32.shl (local.get $j) (i32.const 2)))))
                      (f32.store
                        (local.get $x)
                        (f32.add
                          (select (f32.load (local.get $x)) (f32.const 0) (local.get $acc))
                          (f32.load
                            (i32.add
                              (local.get $tile)
                              (i32.shl
                                (i32.add
                                  (i32.mul (local.get $i) (i32.shl (local.get $nvp) (i32.const 2)))
                                  (local.get $j))
                                (i32.const 2))))))
                      (local.set $j (i32.add (local.get $j) (i32.const 1)))
                      (br_if $for_j (i32.lt_s (local.get $j) (local.get $nr))))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br_if $for_i (i32.lt_s (local.get $i) (local.get $mr))))))
              (local.set $ir (i32.add (local.get $ir) (i32.const ${MR})))
              (br_if $for_ir (i32.lt_s (local.get $ir) (local.get $mcb))))
            (local.set $jr (i32.add (local.get $jr) (i32.const ${NR})))
            (br_if $for_jr (i32.lt_s (local.get $jr) (local.get $ncb))))
          (local.set $ic (i32.add (local.get $ic) (local.get $mc)))
          (br_if $for_ic (i32.lt_s (local.get $ic) (local.get $m))))
        (local.set $pc (i32.add (local.get $pc) (local.get $kc)))
        (br_if $for_pc (i32.lt_s (local.get $pc) (local.get $k))))
      (local.set $jc (i32.add (local.get $jc) (local.get $nc)))
      (br_if $for_jc (i32.lt_s (local.get $jc) (local.get $n)))))

  ;; transpose(src, rows, cols, dst): dst[cols x rows] = src[rows x cols]^T (a product computed as
  ;; C^T = B^T A^T, when C has few columns, is turned back on the way out).
  (func (export "transpose") (param $src i32) (param $rows i32) (param $cols i32) (param $dst i32)
    (local $i i32) (local $j i32) (local $s i32) (local $d i32)
    (local.set $i (i32.const 0))
    (loop $for_i
      (local.set $s
        (i32.add
          (local.get $src)
          (i32.shl (i32.mul (local.get $i) (local.get $cols)) (i32.const 2))))
      (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $j (i32.const 0))
      (loop $for_j
        (f32.store (local.get $d) (f32.load (local.get $s)))
        (local.set $s (i32.add (local.get $s) (i32.const 4)))
        (local.set $d (i32.add (local.get $d) (i32.shl (local.get $rows) (i32.const 2))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $for_j (i32.lt_s (local.get $j) (local.get $cols))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $for_i (i32.lt_s (local.get $i) (local.get $rows))))))
