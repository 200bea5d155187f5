# Sourced by the bench scripts: builds target/nsh.jar when it is missing or older than the sources,
# and compiles the benchmarks (bench/src, not part of the product jar) against it into
# target/bench-classes. Sets $jar and $bench_cp (the jar and the benchmarks, for java -cp).
bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jar=$bench_root/target/nsh.jar
if [ ! -f "$jar" ] || [ -n "$(find "$bench_root/src" "$bench_root/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "building $jar ..." >&2
  (cd "$bench_root" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true package >&2)
fi
bench_classes=$bench_root/target/bench-classes
if [ ! -d "$bench_classes" ] || [ -n "$(find "$bench_root/bench/src" "$jar" -newer "$bench_classes" -print -quit)" ]; then
  rm -rf "$bench_classes" && mkdir -p "$bench_classes"
  javac -nowarn -cp "$jar" -d "$bench_classes" $(find "$bench_root/bench/src" -name '*.java')
  touch "$bench_classes"
fi
bench_cp=$jar:$bench_classes
