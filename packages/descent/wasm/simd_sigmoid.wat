;; The sigmoid and its gradient in WebAssembly SIMD: a module of their own, so that each module
;; stays under 4 KB (browsers compile only those synchronously on a page's main thread). Called by
;; src/backend/simd/simd_kernels.ts; test/backend/simd.test.ts holds them to the JS reference.
;;
;; Vector constants are named by value: $f0.5 is f32x4 0.5 in every lane, $i127 is i32x4 127. Each is
;; a mutable global, read into a local of the same name before a function's loop: taken from a
;; v128.const, a local is a known constant to V8, which then rebuilds it with three instructions at
;; every use inside the loop; read from a mutable global it is a plain value in a register.
;; Every function works on whole vectors: a count of floats is rounded up to a multiple of 4, and
;; callers (src/backend/simd/simd_kernels.ts) leave room after their arrays.
(module

  (global $f12582912 (mut v128) (v128.const f32x4 12582912 12582912 12582912 12582912))
  (global $f0.693359375 (mut v128) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))
  (global $f-0.00021219444 (mut v128) (v128.const f32x4 -0.00021219444 -0.00021219444 -0.00021219444 -0.00021219444))
  (global $f0.0013981999507 (mut v128) (v128.const f32x4 0.0013981999507 0.0013981999507 0.0013981999507 0.0013981999507))
  (global $f0.041665795894 (mut v128) (v128.const f32x4 0.041665795894 0.041665795894 0.041665795894 0.041665795894))
  (global $f0.50000001201 (mut v128) (v128.const f32x4 0.50000001201 0.50000001201 0.50000001201 0.50000001201))
  (global $f1 (mut v128) (v128.const f32x4 1 1 1 1))
  (global $i127 (mut v128) (v128.const i32x4 127 127 127 127))
  (global $f-89 (mut v128) (v128.const f32x4 -89 -89 -89 -89))
  (global $f88 (mut v128) (v128.const f32x4 88 88 88 88))
  (global $f-1.4426950408889634 (mut v128) (v128.const f32x4 -1.4426950408889634 -1.4426950408889634 -1.4426950408889634 -1.4426950408889634))
  (global $f-0.000198756915 (mut v128) (v128.const f32x4 -0.000198756915 -0.000198756915 -0.000198756915 -0.000198756915))
  (global $f-0.0083334519073 (mut v128) (v128.const f32x4 -0.0083334519073 -0.0083334519073 -0.0083334519073 -0.0083334519073))
  (global $f-0.16666665459 (mut v128) (v128.const f32x4 -0.16666665459 -0.16666665459 -0.16666665459 -0.16666665459))

  (memory (export "memory") 1)

  ;; sigmoid(src, dst, count): 1 / (1 + e^-x), 4 vectors a step (locals suffixed 0-3, their
  ;; statements interleaved: one alone is a chain of ~25 dependent instructions, too long for the
  ;; processor to overlap with the next), then the rest one vector a step (suffix 0).
  ;; e^-x as in exp (simd_elementwise.wat), with x clamped to [-89, 88] so that n = round(-x / ln 2)
  ;; is in [-127, 128], and 2^n built in one step from the rounding's own bits (t's bits are
  ;; 0x4b400000 + n; plus the exponent bias 127, shifted left 23, they are 2^n's: 0x4b400000 << 23
  ;; wraps to 0). n = 128 gives +inf, so 1 / (1 + e) is 0; n = -127 gives 0, and 1 + e is 1 either way.
  ;; The negation of x is folded into the constants: the reduced argument is kept as r' = -r
  ;; (computed as x + t c1 + t c2, exactly -r since rounding is symmetric) and the odd coefficients of
  ;; the polynomial are negated, so every intermediate is exactly plus or minus exp's and the result
  ;; is exp's bit for bit wherever the sigmoid is a normal float32 (only below 2^-126, x < -88.3, can
  ;; it differ, by under half of 2^-126). 10000 floats: 11.3 us with a negation and one vector a
  ;; step, 7.7 us like this.
  (func (export "sigmoid") (param $src i32) (param $dst i32) (param $count i32)
    (local $at i32) (local $end i32) (local $end4 i32) (local $x0 v128) (local $t0 v128)
    (local $e0 v128) (local $r0 v128) (local $p0 v128) (local $x1 v128) (local $t1 v128)
    (local $e1 v128) (local $r1 v128) (local $p1 v128) (local $x2 v128) (local $t2 v128)
    (local $e2 v128) (local $r2 v128) (local $p2 v128) (local $x3 v128) (local $t3 v128)
    (local $e3 v128) (local $r3 v128) (local $p3 v128) (local $f12582912 v128)
    (local $f0.693359375 v128) (local $f-0.00021219444 v128) (local $f0.0013981999507 v128)
    (local $f0.041665795894 v128) (local $f0.50000001201 v128) (local $f1 v128) (local $i127 v128)
    (local $f-89 v128) (local $f88 v128) (local $f-1.4426950408889634 v128)
    (local $f-0.000198756915 v128) (local $f-0.0083334519073 v128) (local $f-0.16666665459 v128)
    (local.set $f12582912 (global.get $f12582912))
    (local.set $f0.693359375 (global.get $f0.693359375))
    (local.set $f-0.00021219444 (global.get $f-0.00021219444))
    (local.set $f0.0013981999507 (global.get $f0.0013981999507))
    (local.set $f0.041665795894 (global.get $f0.041665795894))
    (local.set $f0.50000001201 (global.get $f0.50000001201))
    (local.set $f1 (global.get $f1))
    (local.set $i127 (global.get $i127))
    (local.set $f-89 (global.get $f-89))
    (local.set $f88 (global.get $f88))
    (local.set $f-1.4426950408889634 (global.get $f-1.4426950408889634))
    (local.set $f-0.000198756915 (global.get $f-0.000198756915))
    (local.set $f-0.0083334519073 (global.get $f-0.0083334519073))
    (local.set $f-0.16666665459 (global.get $f-0.16666665459))
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -64)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end4)))
        (local.set $x0
          (f32x4.pmin
            (f32x4.pmax (v128.load (i32.add (local.get $src) (local.get $at))) (local.get $f-89))
            (local.get $f88)))
        (local.set $x1
          (f32x4.pmin
            (f32x4.pmax
              (v128.load offset=16 (i32.add (local.get $src) (local.get $at)))
              (local.get $f-89))
            (local.get $f88)))
        (local.set $x2
          (f32x4.pmin
            (f32x4.pmax
              (v128.load offset=32 (i32.add (local.get $src) (local.get $at)))
              (local.get $f-89))
            (local.get $f88)))
        (local.set $x3
          (f32x4.pmin
            (f32x4.pmax
              (v128.load offset=48 (i32.add (local.get $src) (local.get $at)))
              (local.get $f-89))
            (local.get $f88)))
        (local.set $t0
          (f32x4.add
            (f32x4.mul (local.get $x0) (local.get $f-1.4426950408889634))
            (local.get $f12582912)))
        (local.set $t1
          (f32x4.add
            (f32x4.mul (local.get $x1) (local.get $f-1.4426950408889634))
            (local.get $f12582912)))
        (local.set $t2
          (f32x4.add
            (f32x4.mul (local.get $x2) (local.get $f-1.4426950408889634))
            (local.get $f12582912)))
        (local.set $t3
          (f32x4.add
            (f32x4.mul (local.get $x3) (local.get $f-1.4426950408889634))
            (local.get $f12582912)))
        (local.set $e0 (i32x4.shl (i32x4.add (local.get $t0) (local.get $i127)) (i32.const 23)))
        (local.set $e1 (i32x4.shl (i32x4.add (local.get $t1) (local.get $i127)) (i32.const 23)))
        (local.set $e2 (i32x4.shl (i32x4.add (local.get $t2) (local.get $i127)) (i32.const 23)))
        (local.set $e3 (i32x4.shl (i32x4.add (local.get $t3) (local.get $i127)) (i32.const 23)))
        (local.set $t0 (f32x4.sub (local.get $t0) (local.get $f12582912)))
        (local.set $t1 (f32x4.sub (local.get $t1) (local.get $f12582912)))
        (local.set $t2 (f32x4.sub (local.get $t2) (local.get $f12582912)))
        (local.set $t3 (f32x4.sub (local.get $t3) (local.get $f12582912)))
        (local.set $r0
          (f32x4.add
            (f32x4.add (local.get $x0) (f32x4.mul (local.get $t0) (local.get $f0.693359375)))
            (f32x4.mul (local.get $t0) (local.get $f-0.00021219444))))
        (local.set $r1
          (f32x4.add
            (f32x4.add (local.get $x1) (f32x4.mul (local.get $t1) (local.get $f0.693359375)))
            (f32x4.mul (local.get $t1) (local.get $f-0.00021219444))))
        (local.set $r2
          (f32x4.add
            (f32x4.add (local.get $x2) (f32x4.mul (local.get $t2) (local.get $f0.693359375)))
            (f32x4.mul (local.get $t2) (local.get $f-0.00021219444))))
        (local.set $r3
          (f32x4.add
            (f32x4.add (local.get $x3) (f32x4.mul (local.get $t3) (local.get $f0.693359375)))
            (f32x4.mul (local.get $t3) (local.get $f-0.00021219444))))
        (local.set $p0
          (f32x4.add
            (f32x4.mul (local.get $f-0.000198756915) (local.get $r0))
            (local.get $f0.0013981999507)))
        (local.set $p1
          (f32x4.add
            (f32x4.mul (local.get $f-0.000198756915) (local.get $r1))
            (local.get $f0.0013981999507)))
        (local.set $p2
          (f32x4.add
            (f32x4.mul (local.get $f-0.000198756915) (local.get $r2))
            (local.get $f0.0013981999507)))
        (local.set $p3
          (f32x4.add
            (f32x4.mul (local.get $f-0.000198756915) (local.get $r3))
            (local.get $f0.0013981999507)))
        (local.set $p0
          (f32x4.add (f32x4.mul (local.get $p0) (local.get $r0)) (local.get $f-0.0083334519073)))
        (local.set $p1
          (f32x4.add (f32x4.mul (local.get $p1) (local.get $r1)) (local.get $f-0.0083334519073)))
        (local.set $p2
          (f32x4.add (f32x4.mul (local.get $p2) (local.get $r2)) (local.get $f-0.0083334519073)))
        (local.set $p3
          (f32x4.add (f32x4.mul (local.get $p3) (local.get $r3)) (local.get $f-0.0083334519073)))
        (local.set $p0
          (f32x4.add (f32x4.mul (local.get $p0) (local.get $r0)) (local.get $f0.041665795894)))
        (local.set $p1
          (f32x4.add (f32x4.mul (local.get $p1) (local.get $r1)) (local.get $f0.041665795894)))
        (local.set $p2
          (f32x4.add (f32x4.mul (local.get $p2) (local.get $r2)) (local.get $f0.041665795894)))
        (local.set $p3
          (f32x4.add (f32x4.mul (local.get $p3) (local.get $r3)) (local.get $f0.041665795894)))
        (local.set $p0
          (f32x4.add (f32x4.mul (local.get $p0) (local.get $r0)) (local.get $f-0.16666665459)))
        (local.set $p1
          (f32x4.add (f32x4.mul (local.get $p1) (local.get $r1)) (local.get $f-0.16666665459)))
        (local.set $p2
          (f32x4.add (f32x4.mul (local.get $p2) (local.get $r2)) (local.get $f-0.16666665459)))
        (local.set $p3
          (f32x4.add (f32x4.mul (local.get $p3) (local.get $r3)) (local.get $f-0.16666665459)))
        (local.set $p0
          (f32x4.add (f32x4.mul (local.get $p0) (local.get $r0)) (local.get $f0.50000001201)))
        (local.set $p1
          (f32x4.add (f32x4.mul (local.get $p1) (local.get $r1)) (local.get $f0.50000001201)))
        (local.set $p2
          (f32x4.add (f32x4.mul (local.get $p2) (local.get $r2)) (local.get $f0.50000001201)))
        (local.set $p3
          (f32x4.add (f32x4.mul (local.get $p3) (local.get $r3)) (local.get $f0.50000001201)))
        (local.set $p0
          (f32x4.add
            (f32x4.sub
              (f32x4.mul (f32x4.mul (local.get $p0) (local.get $r0)) (local.get $r0))
              (local.get $r0))
            (local.get $f1)))
        (local.set $p1
          (f32x4.add
            (f32x4.sub
              (f32x4.mul (f32x4.mul (local.get $p1) (local.get $r1)) (local.get $r1))
              (local.get $r1))
            (local.get $f1)))
        (local.set $p2
          (f32x4.add
            (f32x4.sub
              (f32x4.mul (f32x4.mul (local.get $p2) (local.get $r2)) (local.get $r2))
              (local.get $r2))
            (local.get $f1)))
        (local.set $p3
          (f32x4.add
            (f32x4.sub
              (f32x4.mul (f32x4.mul (local.get $p3) (local.get $r3)) (local.get $r3))
              (local.get $r3))
            (local.get $f1)))
        (local.set $e0 (f32x4.mul (local.get $p0) (local.get $e0)))
        (local.set $e1 (f32x4.mul (local.get $p1) (local.get $e1)))
        (local.set $e2 (f32x4.mul (local.get $p2) (local.get $e2)))
        (local.set $e3 (f32x4.mul (local.get $p3) (local.get $e3)))
        (v128.store
          (i32.add (local.get $dst) (local.get $at))
          (f32x4.div (local.get $f1) (f32x4.add (local.get $f1) (local.get $e0))))
        (v128.store offset=16
          (i32.add (local.get $dst) (local.get $at))
          (f32x4.div (local.get $f1) (f32x4.add (local.get $f1) (local.get $e1))))
        (v128.store offset=32
          (i32.add (local.get $dst) (local.get $at))
          (f32x4.div (local.get $f1) (f32x4.add (local.get $f1) (local.get $e2))))
        (v128.store offset=48
          (i32.add (local.get $dst) (local.get $at))
          (f32x4.div (local.get $f1) (f32x4.add (local.get $f1) (local.get $e3))))
        (local.set $at (i32.add (local.get $at) (i32.const 64)))
        (br $next)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (local.set $x0
          (f32x4.pmin
            (f32x4.pmax (v128.load (i32.add (local.get $src) (local.get $at))) (local.get $f-89))
            (local.get $f88)))
        (local.set $t0
          (f32x4.add
            (f32x4.mul (local.get $x0) (local.get $f-1.4426950408889634))
            (local.get $f12582912)))
        (local.set $e0 (i32x4.shl (i32x4.add (local.get $t0) (local.get $i127)) (i32.const 23)))
        (local.set $t0 (f32x4.sub (local.get $t0) (local.get $f12582912)))
        (local.set $r0
          (f32x4.add
            (f32x4.add (local.get $x0) (f32x4.mul (local.get $t0) (local.get $f0.693359375)))
            (f32x4.mul (local.get $t0) (local.get $f-0.00021219444))))
        (local.set $p0
          (f32x4.add
            (f32x4.mul (local.get $f-0.000198756915) (local.get $r0))
            (local.get $f0.0013981999507)))
        (local.set $p0
          (f32x4.add (f32x4.mul (local.get $p0) (local.get $r0)) (local.get $f-0.0083334519073)))
        (local.set $p0
          (f32x4.add (f32x4.mul (local.get $p0) (local.get $r0)) (local.get $f0.041665795894)))
        (local.set $p0
          (f32x4.add (f32x4.mul (local.get $p0) (local.get $r0)) (local.get $f-0.16666665459)))
        (local.set $p0
          (f32x4.add (f32x4.mul (local.get $p0) (local.get $r0)) (local.get $f0.50000001201)))
        (local.set $p0
          (f32x4.add
            (f32x4.sub
              (f32x4.mul (f32x4.mul (local.get $p0) (local.get $r0)) (local.get $r0))
              (local.get $r0))
            (local.get $f1)))
        (local.set $e0 (f32x4.mul (local.get $p0) (local.get $e0)))
        (v128.store
          (i32.add (local.get $dst) (local.get $at))
          (f32x4.div (local.get $f1) (f32x4.add (local.get $f1) (local.get $e0))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next))))

  ;; sigmoid_grad(y, g, dst, count): g y (1 - y), in the order of the JS kernel (g * y) * (1 - y).
  (func (export "sigmoid_grad") (param $y i32) (param $g i32) (param $dst i32) (param $count i32)
    (local $at i32) (local $end i32) (local $x v128) (local $t v128) (local $r v128) (local $p v128)
    (local $i v128) (local $h v128) (local $e v128) (local $f1 v128)
    (local.set $f1 (global.get $f1))
    (local.set $end (i32.shl (local.get $count) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
        (v128.store
          (i32.add (local.get $dst) (local.get $at))
          (f32x4.mul
            (f32x4.mul
              (v128.load (i32.add (local.get $g) (local.get $at)))
              (v128.load (i32.add (local.get $y) (local.get $at))))
            (f32x4.sub (local.get $f1) (v128.load (i32.add (local.get $y) (local.get $at))))))
        (local.set $at (i32.add (local.get $at) (i32.const 16)))
        (br $next)))))
