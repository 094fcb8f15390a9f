/* C floor for bench/Onnx: the same ONNX Runtime call the C# binding makes, timed per call.
 * Declares only what it uses; OrtApi entries are addressed by their position in the function table
 * (the same slots src/Pipeline.Onnx/Native/OrtApiSlot.cs uses).
 * usage: harness <libonnxruntime> <model.onnx> <features> <warmup> <iterations>  → prints "p50_ns p99_ns" */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

typedef void *status_t;
typedef const void *(*get_api_base_fn)(void);
typedef const void **(*get_api_fn)(uint32_t);

enum {
  S_GetErrorMessage = 2, S_CreateEnv = 3, S_CreateSession = 7, S_Run = 9, S_CreateSessionOptions = 10,
  S_SetSessionExecutionMode = 13, S_SetSessionGraphOptimizationLevel = 23, S_SetIntraOpNumThreads = 24,
  S_SetInterOpNumThreads = 25, S_CreateTensorWithDataAsOrtValue = 49, S_CreateCpuMemoryInfo = 69,
  S_AddSessionConfigEntry = 130
};

static const void **api;

static void check(status_t s, const char *what) {
  if (s) {
    const char *(*msg)(status_t) = (const char *(*)(status_t))api[S_GetErrorMessage];
    fprintf(stderr, "%s: %s\n", what, msg(s));
    exit(1);
  }
}

static int cmp(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 6) { fprintf(stderr, "usage: harness lib model features warmup iterations\n"); return 2; }
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 1; }
  const void **base = (const void **)((get_api_base_fn)dlsym(lib, "OrtGetApiBase"))();
  api = ((get_api_fn)base[0])(23);
  if (!api) { fprintf(stderr, "API 23 not available\n"); return 1; }
  int features = atoi(argv[3]);
  long warmup = atol(argv[4]), iterations = atol(argv[5]);

  void *env, *opts, *session, *mem, *input, *output;
  check(((status_t(*)(int, const char *, void **))api[S_CreateEnv])(3, "bench", &env), "CreateEnv");
  check(((status_t(*)(void **))api[S_CreateSessionOptions])(&opts), "CreateSessionOptions");
  check(((status_t(*)(void *, int))api[S_SetIntraOpNumThreads])(opts, 1), "intra");
  check(((status_t(*)(void *, int))api[S_SetInterOpNumThreads])(opts, 1), "inter");
  check(((status_t(*)(void *, int))api[S_SetSessionGraphOptimizationLevel])(opts, 99), "opt");
  check(((status_t(*)(void *, int))api[S_SetSessionExecutionMode])(opts, 0), "mode");
  check(((status_t(*)(void *, const char *, const char *))api[S_AddSessionConfigEntry])(opts, "session.intra_op.allow_spinning", "0"), "spin");
  check(((status_t(*)(void *, const char *, const char *))api[S_AddSessionConfigEntry])(opts, "session.inter_op.allow_spinning", "0"), "spin");
  check(((status_t(*)(void *, const char *, void *, void **))api[S_CreateSession])(env, argv[2], opts, &session), "CreateSession");
  check(((status_t(*)(int, int, void **))api[S_CreateCpuMemoryInfo])(0, 0, &mem), "CreateCpuMemoryInfo");

  float *x = calloc((size_t)features, sizeof(float));
  float y = 0;
  int64_t in_shape[2] = {1, features}, out_shape[2] = {1, 1};
  typedef status_t (*create_fn)(void *, void *, size_t, const int64_t *, size_t, int, void **);
  check(((create_fn)api[S_CreateTensorWithDataAsOrtValue])(mem, x, sizeof(float) * (size_t)features, in_shape, 2, 1, &input), "input");
  check(((create_fn)api[S_CreateTensorWithDataAsOrtValue])(mem, &y, sizeof(float), out_shape, 2, 1, &output), "output");

  typedef status_t (*run_fn)(void *, void *, const char *const *, void *const *, size_t, const char *const *, size_t, void **);
  run_fn run = (run_fn)api[S_Run];
  const char *in_names[1] = {"input"}, *out_names[1] = {"probability"};
  void *outs[1] = {output};
  int64_t *t = malloc(sizeof(int64_t) * (size_t)iterations);
  for (long i = 0; i < warmup; i++) { x[i % features] = (float)(i & 7); check(run(session, NULL, in_names, &input, 1, out_names, 1, outs), "Run"); }
  for (long i = 0; i < iterations; i++) {
    x[i % features] = (float)(i & 7);
    int64_t a = now_ns();
    check(run(session, NULL, in_names, &input, 1, out_names, 1, outs), "Run");
    t[i] = now_ns() - a;
  }
  qsort(t, (size_t)iterations, sizeof(int64_t), cmp);
  printf("%lld %lld %.6f\n", (long long)t[iterations / 2], (long long)t[(long)(iterations * 0.99)], y);
  return 0;
}
