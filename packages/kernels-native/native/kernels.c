/*
 * @gantry/kernels-native: NHWC convolutions and matrix products on OpenBLAS sgemm,
 * exposed to Node through plain N-API (context-aware: loads in worker_threads).
 *
 * Every function works in place on Float32Array views (typically views into the
 * tfjs wasm heap): nothing is copied in or out. Convolutions are im2col / col2im
 * in row chunks + one cblas_sgemm per chunk; 1×1 stride-1 unpadded convolutions
 * skip im2col and run as one GEMM on the input itself.
 *
 * Geometry (one axis; the other is identical): input length L, taps K, stride s,
 * leading pad p, output length O. Output o reads input index o·s + k − p.
 */
#include <node_api.h>
#include <cblas.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------- per-environment scratch (one per Node main thread / worker) ---------- */

typedef struct { float *buf; size_t cap; } Scratch;

static void scratch_free(napi_env env, void *data, void *hint) {
  (void)env; (void)hint;
  Scratch *s = (Scratch *)data;
  free(s->buf);
  free(s);
}

static float *scratch_get(napi_env env, size_t floats) {
  Scratch *s = NULL;
  napi_get_instance_data(env, (void **)&s);
  if (s == NULL) return NULL;
  if (s->cap < floats) {
    free(s->buf);
    s->buf = (float *)malloc(floats * sizeof(float));
    s->cap = s->buf ? floats : 0;
  }
  return s->buf;
}

/* ---------- geometry ---------- */

typedef struct {
  int n, h, w, ci;   /* input x [n,h,w,ci] */
  int kh, kw, co;    /* filter [kh,kw,ci,co] */
  int sh, sw, pt, pl;
  int oh, ow;        /* output [n,oh,ow,co] */
} Geom;

/* Rows of the im2col matrix per chunk: about 4 M floats (16 MB) of scratch, at least 64 rows. */
static long chunk_rows(const Geom *g) {
  long k = (long)g->kh * g->kw * g->ci;
  long rows = (4L << 20) / (k > 0 ? k : 1);
  if (rows < 64) rows = 64;
  long total = (long)g->n * g->oh * g->ow;
  return rows < total ? rows : total;
}

static int is_direct(const Geom *g) {
  return g->kh == 1 && g->kw == 1 && g->sh == 1 && g->sw == 1 && g->pt == 0 && g->pl == 0 && g->oh == g->h && g->ow == g->w;
}

/* cols[r - r0, (ky·kw + kx)·ci + c] = x[n, oy·sh + ky − pt, ox·sw + kx − pl, c] (0 outside), rows r ∈ [r0, r1). */
static void im2col(const Geom *g, const float *x, float *cols, long r0, long r1) {
  const long K = (long)g->kh * g->kw * g->ci;
  const long rowLen = (long)g->kw * g->ci;
  const long ohw = (long)g->oh * g->ow;
  for (long r = r0; r < r1; r++) {
    float *dst = cols + (r - r0) * K;
    const long n = r / ohw, rem = r % ohw;
    const int oy = (int)(rem / g->ow), ox = (int)(rem % g->ow);
    const int ix0 = ox * g->sw - g->pl;
    int kx0 = ix0 < 0 ? -ix0 : 0;
    int kx1 = g->w - ix0; if (kx1 > g->kw) kx1 = g->kw;
    for (int ky = 0; ky < g->kh; ky++) {
      float *d = dst + ky * rowLen;
      const int iy = oy * g->sh + ky - g->pt;
      if (iy < 0 || iy >= g->h || kx1 <= kx0) { memset(d, 0, rowLen * sizeof(float)); continue; }
      if (kx0 > 0) memset(d, 0, (size_t)kx0 * g->ci * sizeof(float));
      const float *src = x + ((n * g->h + iy) * (long)g->w + (ix0 + kx0)) * g->ci;
      memcpy(d + (long)kx0 * g->ci, src, (size_t)(kx1 - kx0) * g->ci * sizeof(float));
      if (kx1 < g->kw) memset(d + (long)kx1 * g->ci, 0, (size_t)(g->kw - kx1) * g->ci * sizeof(float));
    }
  }
}

/* The adjoint of im2col: dx[n, iy, ix, c] += cols[r − r0, (ky·kw + kx)·ci + c]. */
static void col2im(const Geom *g, const float *cols, float *dx, long r0, long r1) {
  const long K = (long)g->kh * g->kw * g->ci;
  const long rowLen = (long)g->kw * g->ci;
  const long ohw = (long)g->oh * g->ow;
  for (long r = r0; r < r1; r++) {
    const float *src = cols + (r - r0) * K;
    const long n = r / ohw, rem = r % ohw;
    const int oy = (int)(rem / g->ow), ox = (int)(rem % g->ow);
    const int ix0 = ox * g->sw - g->pl;
    int kx0 = ix0 < 0 ? -ix0 : 0;
    int kx1 = g->w - ix0; if (kx1 > g->kw) kx1 = g->kw;
    if (kx1 <= kx0) continue;
    const long len = (long)(kx1 - kx0) * g->ci;
    for (int ky = 0; ky < g->kh; ky++) {
      const int iy = oy * g->sh + ky - g->pt;
      if (iy < 0 || iy >= g->h) continue;
      const float *s = src + ky * rowLen + (long)kx0 * g->ci;
      float *d = dx + ((n * g->h + iy) * (long)g->w + (ix0 + kx0)) * g->ci;
      for (long i = 0; i < len; i++) d[i] += s[i];
    }
  }
}

/* out[M, co] = im2col(x)[M, K] · W[K, co] */
static int conv_forward(napi_env env, const Geom *g, const float *x, const float *w, float *out) {
  const long M = (long)g->n * g->oh * g->ow, K = (long)g->kh * g->kw * g->ci, N = g->co;
  if (M == 0 || N == 0) return 0;
  if (K == 0) { memset(out, 0, (size_t)(M * N) * sizeof(float)); return 0; }
  if (is_direct(g)) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0f, x, K, w, N, 0.0f, out, N);
    return 0;
  }
  const long chunk = chunk_rows(g);
  float *cols = scratch_get(env, (size_t)(chunk * K));
  if (cols == NULL) return -1;
  for (long r0 = 0; r0 < M; r0 += chunk) {
    const long r1 = r0 + chunk < M ? r0 + chunk : M;
    im2col(g, x, cols, r0, r1);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, r1 - r0, N, K, 1.0f, cols, K, w, N, 0.0f, out + r0 * N, N);
  }
  return 0;
}

/* dx = col2im(dy[M, co] · W[K, co]ᵀ) */
static int conv_backprop_input(napi_env env, const Geom *g, const float *dy, const float *w, float *dx) {
  const long M = (long)g->n * g->oh * g->ow, K = (long)g->kh * g->kw * g->ci, N = g->co;
  const size_t dxSize = (size_t)g->n * g->h * g->w * g->ci;
  if (is_direct(g) && M > 0 && K > 0) {
    if (N == 0) { memset(dx, 0, dxSize * sizeof(float)); return 0; }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, K, N, 1.0f, dy, N, w, N, 0.0f, dx, K);
    return 0;
  }
  memset(dx, 0, dxSize * sizeof(float));
  if (M == 0 || K == 0 || N == 0) return 0;
  const long chunk = chunk_rows(g);
  float *cols = scratch_get(env, (size_t)(chunk * K));
  if (cols == NULL) return -1;
  for (long r0 = 0; r0 < M; r0 += chunk) {
    const long r1 = r0 + chunk < M ? r0 + chunk : M;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, r1 - r0, K, N, 1.0f, dy + r0 * N, N, w, N, 0.0f, cols, K);
    col2im(g, cols, dx, r0, r1);
  }
  return 0;
}

/* dW[K, co] = im2col(x)[M, K]ᵀ · dy[M, co] */
static int conv_backprop_filter(napi_env env, const Geom *g, const float *x, const float *dy, float *dw) {
  const long M = (long)g->n * g->oh * g->ow, K = (long)g->kh * g->kw * g->ci, N = g->co;
  if (K == 0 || N == 0) return 0;
  if (M == 0) { memset(dw, 0, (size_t)(K * N) * sizeof(float)); return 0; }
  if (is_direct(g)) {
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, K, N, M, 1.0f, x, K, dy, N, 0.0f, dw, N);
    return 0;
  }
  const long chunk = chunk_rows(g);
  float *cols = scratch_get(env, (size_t)(chunk * K));
  if (cols == NULL) return -1;
  for (long r0 = 0; r0 < M; r0 += chunk) {
    const long r1 = r0 + chunk < M ? r0 + chunk : M;
    im2col(g, x, cols, r0, r1);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, K, N, r1 - r0, 1.0f, cols, K, dy + r0 * N, N, r0 == 0 ? 0.0f : 1.0f, dw, N);
  }
  return 0;
}

/* ---------- N-API plumbing ---------- */

#define THROW(msg) do { napi_throw_error(env, "GANTRY_NATIVE", (msg)); return NULL; } while (0)

static int get_f32(napi_env env, napi_value v, float **data, size_t *length) {
  napi_typedarray_type type;
  napi_value ab;
  size_t offset;
  void *p = NULL;
  if (napi_get_typedarray_info(env, v, &type, length, &p, &ab, &offset) != napi_ok) return -1;
  if (type != napi_float32_array) return -1;
  *data = (float *)p;
  return 0;
}

static int get_i32(napi_env env, napi_value v, int *out) {
  return napi_get_value_int32(env, v, out) == napi_ok ? 0 : -1;
}

/* args: (a, b, out, geometry Int32Array-like array of 13 ints [n,h,w,ci,kh,kw,co,sh,sw,pt,pl,oh,ow]) */
static int read_geom(napi_env env, napi_value v, Geom *g) {
  int vals[13];
  for (uint32_t i = 0; i < 13; i++) {
    napi_value e;
    if (napi_get_element(env, v, i, &e) != napi_ok || get_i32(env, e, &vals[i]) != 0) return -1;
  }
  g->n = vals[0]; g->h = vals[1]; g->w = vals[2]; g->ci = vals[3];
  g->kh = vals[4]; g->kw = vals[5]; g->co = vals[6];
  g->sh = vals[7]; g->sw = vals[8]; g->pt = vals[9]; g->pl = vals[10];
  g->oh = vals[11]; g->ow = vals[12];
  for (int i = 0; i < 13; i++) if (vals[i] < 0) return -1;
  if (g->sh < 1 || g->sw < 1) return -1;
  return 0;
}

typedef int (*ConvFn)(napi_env, const Geom *, const float *, const float *, float *);

/* which: 0 forward (x, w → y), 1 backprop input (dy, w → dx), 2 backprop filter (x, dy → dw) */
static napi_value conv_entry(napi_env env, napi_callback_info info, int which) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 4) THROW("expected (a, b, out, geometry)");
  float *a, *b, *out;
  size_t la, lb, lo;
  if (get_f32(env, argv[0], &a, &la) || get_f32(env, argv[1], &b, &lb) || get_f32(env, argv[2], &out, &lo)) THROW("a, b and out must be Float32Arrays");
  Geom g;
  if (read_geom(env, argv[3], &g)) THROW("bad geometry");
  const size_t xs = (size_t)g.n * g.h * g.w * g.ci, ws = (size_t)g.kh * g.kw * g.ci * g.co, ys = (size_t)g.n * g.oh * g.ow * g.co;
  size_t ea, eb, eo;
  ConvFn fn;
  switch (which) {
    case 0: ea = xs; eb = ws; eo = ys; fn = conv_forward; break;
    case 1: ea = ys; eb = ws; eo = xs; fn = conv_backprop_input; break;
    default: ea = xs; eb = ys; eo = ws; fn = conv_backprop_filter; break;
  }
  if (la < ea || lb < eb || lo < eo) THROW("array too small for the geometry");
  if (fn(env, &g, a, b, out) != 0) THROW("out of memory");
  return NULL;
}

static napi_value conv2d(napi_env env, napi_callback_info info) { return conv_entry(env, info, 0); }
static napi_value conv2d_backprop_input(napi_env env, napi_callback_info info) { return conv_entry(env, info, 1); }
static napi_value conv2d_backprop_filter(napi_env env, napi_callback_info info) { return conv_entry(env, info, 2); }

/*
 * batchMatMul(a, b, out, [batchA, batchB, m, n, k, transA, transB])
 * out[i] = op(a[batchA == 1 ? 0 : i]) · op(b[batchB == 1 ? 0 : i]), i < max(batchA, batchB);
 * a holds [m, k] (or [k, m] when transA) per batch entry, b [k, n] (or [n, k]).
 */
static napi_value batch_mat_mul(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 4) THROW("expected (a, b, out, dims)");
  float *a, *b, *out;
  size_t la, lb, lo;
  if (get_f32(env, argv[0], &a, &la) || get_f32(env, argv[1], &b, &lb) || get_f32(env, argv[2], &out, &lo)) THROW("a, b and out must be Float32Arrays");
  int d[7];
  for (uint32_t i = 0; i < 7; i++) {
    napi_value e;
    if (napi_get_element(env, argv[3], i, &e) != napi_ok || get_i32(env, e, &d[i])) THROW("bad dims");
  }
  const long ba = d[0], bb = d[1], m = d[2], n = d[3], k = d[4];
  const int ta = d[5] != 0, tb = d[6] != 0;
  if (ba < 1 || bb < 1 || m < 0 || n < 0 || k < 0 || (ba != bb && ba != 1 && bb != 1)) THROW("bad dims");
  const long batch = ba > bb ? ba : bb;
  if (la < (size_t)(ba * m * k) || lb < (size_t)(bb * k * n) || lo < (size_t)(batch * m * n)) THROW("array too small for the dims");
  if (m == 0 || n == 0) return NULL;
  if (k == 0) { memset(out, 0, (size_t)(batch * m * n) * sizeof(float)); return NULL; }
  /* Unbatched b shared by all entries of an untransposed a: one tall GEMM. */
  if (bb == 1 && ba == batch && !ta) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, tb ? CblasTrans : CblasNoTrans, batch * m, n, k, 1.0f, a, k, b, tb ? k : n, 0.0f, out, n);
    return NULL;
  }
  for (long i = 0; i < batch; i++) {
    const float *ai = a + (ba == 1 ? 0 : i) * m * k;
    const float *bi = b + (bb == 1 ? 0 : i) * k * n;
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f,
                ai, ta ? m : k, bi, tb ? k : n, 0.0f, out + i * m * n, n);
  }
  return NULL;
}

/*
 * sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc): row-major
 * C = alpha · op(A) · op(B) + beta · C, the plain cblas_sgemm.
 */
static napi_value sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value argv[13];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 13) THROW("expected (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)");
  bool ta, tb;
  int m, n, k, lda, ldb, ldc;
  double alpha, beta;
  float *a, *b, *c;
  size_t la, lb, lc;
  if (napi_get_value_bool(env, argv[0], &ta) != napi_ok || napi_get_value_bool(env, argv[1], &tb) != napi_ok) THROW("transA/transB must be booleans");
  if (get_i32(env, argv[2], &m) || get_i32(env, argv[3], &n) || get_i32(env, argv[4], &k) ||
      get_i32(env, argv[7], &lda) || get_i32(env, argv[9], &ldb) || get_i32(env, argv[12], &ldc)) THROW("sizes must be integers");
  if (napi_get_value_double(env, argv[5], &alpha) != napi_ok || napi_get_value_double(env, argv[10], &beta) != napi_ok) THROW("alpha/beta must be numbers");
  if (get_f32(env, argv[6], &a, &la) || get_f32(env, argv[8], &b, &lb) || get_f32(env, argv[11], &c, &lc)) THROW("a, b and c must be Float32Arrays");
  if (m < 0 || n < 0 || k < 0) THROW("negative size");
  const int ar = ta ? k : m, ac = ta ? m : k, br = tb ? n : k, bc = tb ? k : n;
  if (lda < (ac > 1 ? ac : 1) || ldb < (bc > 1 ? bc : 1) || ldc < (n > 1 ? n : 1)) THROW("leading dimension too small");
  if ((ar > 0 && la < (size_t)(ar - 1) * lda + ac) || (br > 0 && lb < (size_t)(br - 1) * ldb + bc) || (m > 0 && lc < (size_t)(m - 1) * ldc + n)) THROW("array too small");
  if (m == 0 || n == 0) return NULL;
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, (float)alpha, a, lda, b, ldb, (float)beta, c, ldc);
  return NULL;
}

static napi_value core_name(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value s;
  napi_create_string_utf8(env, openblas_get_corename(), NAPI_AUTO_LENGTH, &s);
  return s;
}

static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int t = 1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= 1 && get_i32(env, argv[0], &t)) THROW("threads must be an integer");
  openblas_set_num_threads(t < 1 ? 1 : t);
  return NULL;
}

NAPI_MODULE_INIT(/* napi_env env, napi_value exports */) {
  Scratch *s = (Scratch *)calloc(1, sizeof(Scratch));
  if (s != NULL) napi_set_instance_data(env, s, scratch_free, NULL);
  /* Each tfjs replica is one thread (@gantry/parallel runs one per worker). */
  openblas_set_num_threads(1);
  const napi_property_descriptor props[] = {
    { "sgemm", NULL, sgemm, NULL, NULL, NULL, napi_enumerable, NULL },
    { "conv2d", NULL, conv2d, NULL, NULL, NULL, napi_enumerable, NULL },
    { "conv2dBackpropInput", NULL, conv2d_backprop_input, NULL, NULL, NULL, napi_enumerable, NULL },
    { "conv2dBackpropFilter", NULL, conv2d_backprop_filter, NULL, NULL, NULL, napi_enumerable, NULL },
    { "batchMatMul", NULL, batch_mat_mul, NULL, NULL, NULL, napi_enumerable, NULL },
    { "coreName", NULL, core_name, NULL, NULL, NULL, napi_enumerable, NULL },
    { "setNumThreads", NULL, set_threads, NULL, NULL, NULL, napi_enumerable, NULL },
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
