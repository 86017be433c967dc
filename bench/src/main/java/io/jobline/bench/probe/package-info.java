/**
 * Programs that {@code ColdStartBenchmark} runs in a fresh JVM with a function's shaded jar on the class path, the
 * way Lambda starts it, to time one cold start.
 *
 * <p>Classes here may use only the JDK, this package and what is inside the function jar (the function, the SDK,
 * aws-lambda-java-core and -events); the naive variants also the SDK's Apache HTTP client, which the benchmark adds to
 * their class path. The benchmark puts a copy of this package alone on the child's class path, and
 * {@code ProbePackageIsolationTest} checks at build time that nothing here refers to the rest of the bench module.
 */
package io.jobline.bench.probe;
