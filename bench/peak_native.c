/*
 * The native reference of bench/peak.ts: the same register-only loop as its wasm kernels
 * (N independent accumulators, acc = acc s + c) with x86 FMA on 128-, 256- and 512-bit vectors,
 * and with a 128-bit multiply then add; prints "label GFLOP/s" lines, the best of 5 calls of
 * ~50 ms on one thread. Each function is compiled for its own instruction set (target
 * attributes), so `gcc -O2` is enough; a CPU without AVX-512 skips that line.
 */
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

#define N 12 /* accumulators: covers 2 pipes x 4 cycles of FMA latency, fits 16 registers */

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

#define LOOP(T, SET1, UPDATE, EXTRACT)                     \
  T a[N];                                                  \
  T s = SET1(x), c = SET1(1.0f);                           \
  _Pragma("GCC unroll 12") for (int i = 0; i < N; i++)     \
    a[i] = SET1((float)(i + 1));                           \
  for (long t = 0; t < steps; t++) {                       \
    _Pragma("GCC unroll 12") for (int i = 0; i < N; i++)   \
      a[i] = UPDATE;                                       \
  }                                                        \
  float r = 0;                                             \
  for (int i = 0; i < N; i++) r += EXTRACT(a[i]);          \
  return r;

__attribute__((target("fma"))) static float xmm_fma(long steps, float x) {
  LOOP(__m128, _mm_set1_ps, _mm_fmadd_ps(a[i], s, c), _mm_cvtss_f32)
}
__attribute__((target("avx"))) static float xmm_muladd(long steps, float x) {
  LOOP(__m128, _mm_set1_ps, _mm_add_ps(_mm_mul_ps(a[i], s), c), _mm_cvtss_f32)
}
__attribute__((target("fma,avx2"))) static float ymm_fma(long steps, float x) {
  LOOP(__m256, _mm256_set1_ps, _mm256_fmadd_ps(a[i], s, c), _mm256_cvtss_f32)
}
__attribute__((target("avx512f"))) static float zmm_fma(long steps, float x) {
  LOOP(__m512, _mm512_set1_ps, _mm512_fmadd_ps(a[i], s, c), _mm512_cvtss_f32)
}

/* volatile: the compiler may not drop the result, nor fold x */
static volatile float sink, half = 0.5f;

static void time_it(const char *label, float (*f)(long, float), int lanes) {
  long steps = 1 << 16;
  double best = 1e30;
  for (;;) { /* ~50 ms a call */
    double t = now();
    sink = f(steps, half);
    t = now() - t;
    if (t > 0.05) break;
    steps *= 2;
  }
  for (int r = 0; r < 5; r++) {
    double t = now();
    sink = f(steps, half);
    t = now() - t;
    if (t < best) best = t;
  }
  printf("%s %.2f\n", label, (double)steps * N * lanes * 2 / best / 1e9);
}

int main(void) {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("fma")) {
    time_it("128-bit-fma", xmm_fma, 4);
    time_it("128-bit-mul+add", xmm_muladd, 4);
    time_it("256-bit-fma", ymm_fma, 8);
  }
  if (__builtin_cpu_supports("avx512f")) time_it("512-bit-fma", zmm_fma, 16);
  return 0;
}
