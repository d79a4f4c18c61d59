{
  "targets": [
    {
      "target_name": "gantry_kernels_native",
      "sources": ["native/kernels.c"],
      "include_dirs": ["/usr/include/x86_64-linux-gnu/openblas-pthread", "/usr/include/openblas"],
      "libraries": ["-lopenblas"],
      "cflags": ["-O3", "-std=c11", "-fno-math-errno"],
      "cflags!": ["-O2", "-O1", "-O0"],
      "xcode_settings": { "OTHER_CFLAGS": ["-O3"] },
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
