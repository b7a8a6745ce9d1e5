package io.eventhubsnative.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A deployable jar as a user gets it, opened with java.util.zip: nothing outside {@code io/eventhubsnative/} but
 * META-INF, the bytecode level of its Scala line (Java 8 for {@code _2.12}, 17 for {@code _2.13}), service files that
 * name our own relocated interfaces (plus Spark's DataSourceRegister with our providers), netty native libraries
 * renamed for the relocated loader, and no class that still refers to a bundled library under its original name.
 * The build runs a coarser version of the first check right after shading (connector/pom.xml, check-shaded-jar).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShadedJarChecks {

    private static final String OURS = "io/eventhubsnative/";
    private static final String SHADED = "io/eventhubsnative/shaded/";
    private static final String NATIVE_PREFIX = "io_eventhubsnative_shaded_";
    private static final String PROVIDER = "io.eventhubsnative.spark.EventHubsSourceProvider";
    private static final String KAFKA_PROVIDER = "io.eventhubsnative.spark.kafka.EventHubsKafkaProvider";
    private static final String DATA_SOURCE_REGISTER =
            "META-INF/services/org.apache.spark.sql.sources.DataSourceRegister";
    private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/(\\d+)/(.*)$");
    /** Packages the jar bundles: a class referring to one of them must use its relocated name. */
    private static final List<String> BUNDLED = List.of(
            "com/azure/",
            "com/microsoft/azure/",
            "com/microsoft/aad/",
            "com/fasterxml/",
            "reactor/",
            "org/reactivestreams/",
            "io/netty/",
            "org/apache/qpid/",
            "com/nimbusds/",
            "net/minidev/",
            "net/jcip/",
            "org/objectweb/",
            "com/sun/jna/",
            "io/micrometer/");

    private final java.util.function.Supplier<Path> locate;
    private final int bytecode;
    private final String runtime;
    private Path jar;
    private ZipFile zip;
    private final Map<String, ZipEntry> entries = new LinkedHashMap<>();

    ShadedJarChecks(java.util.function.Supplier<Path> locate, int bytecode, String runtime) {
        this.locate = locate;
        this.bytecode = bytecode;
        this.runtime = runtime;
    }

    @BeforeAll
    void open() throws IOException {
        jar = locate.get();
        zip = new ZipFile(jar.toFile());
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            if (!entry.isDirectory()) {
                entries.put(entry.getName(), entry);
            }
        }
        Map<String, Integer> byPackage = new TreeMap<>();
        for (String name : classes()) {
            String path = unversioned(name);
            String[] parts = path.split("/");
            String group = path.startsWith(SHADED) && parts.length > 5
                    ? String.join(".", List.of(parts).subList(3, 5))
                    : String.join(".", List.of(parts).subList(0, 3));
            byPackage.merge(group, 1, Integer::sum);
        }
        System.out.println("Shaded jar " + jar + ": " + Files.size(jar) + " bytes, "
                + classes().size() + " classes");
        byPackage.forEach((group, count) -> System.out.println("  " + count + "\t" + group));
    }

    @AfterAll
    void close() throws IOException {
        if (zip != null) {
            zip.close();
        }
    }

    private List<String> classes() {
        return entries.keySet().stream().filter(name -> name.endsWith(".class")).collect(Collectors.toList());
    }

    private static String unversioned(String name) {
        Matcher versioned = VERSIONED.matcher(name);
        return versioned.matches() ? versioned.group(2) : name;
    }

    @Test
    void everyClassAndResourceIsOursOrUnderTheShadedPrefix() {
        assertThat(classes()).isNotEmpty();
        List<String> foreign = entries.keySet().stream()
                .filter(name -> !unversioned(name).startsWith(OURS))
                .filter(name -> name.endsWith(".class") || !name.startsWith("META-INF/"))
                .collect(Collectors.toList());
        assertThat(foreign)
                .as("entries outside io/eventhubsnative/ (other than META-INF)")
                .isEmpty();
        assertThat(classes()).as("our own classes").contains("io/eventhubsnative/spark/EventHubsSourceProvider.class");
        assertThat(classes())
                .as("the bundled SDK, relocated")
                .contains(
                        SHADED + "com/azure/messaging/eventhubs/EventHubClientBuilder.class",
                        SHADED + "reactor/core/publisher/Flux.class",
                        SHADED + "com/fasterxml/jackson/databind/ObjectMapper.class",
                        SHADED + "org/apache/qpid/proton/engine/Transport.class");
        assertThat(classes())
                .as("left to the runtime")
                .noneMatch(name -> name.contains("org/slf4j/")
                        || name.contains("org/apache/spark/")
                        || name.startsWith("scala/")
                        || name.contains("org/apache/hadoop/"));
    }

    @Test
    void classesAreOfTheLinesBytecodeAndMultiReleaseVariantsMatchTheirVersion() throws IOException {
        List<String> tooNew = new ArrayList<>();
        boolean versioned = false;
        for (String name : classes()) {
            Matcher m = VERSIONED.matcher(name);
            int allowed = bytecode;
            if (m.matches()) {
                versioned = true;
                allowed = 44 + Integer.parseInt(m.group(1));
            }
            int major = majorVersion(name);
            if (major > allowed) {
                tooNew.add(name + " (class file " + major + ")");
            }
        }
        assertThat(tooNew).as("classes %s cannot load", runtime).isEmpty();
        assertThat(majorVersion("io/eventhubsnative/spark/EventHubsSourceProvider.class"))
                .isEqualTo(bytecode);
        if (versioned) {
            Manifest manifest = new Manifest(zip.getInputStream(entries.get("META-INF/MANIFEST.MF")));
            assertThat(manifest.getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE))
                    .isEqualTo("true");
        }
    }

    @Test
    void serviceFilesRegisterOurProviderAndOnlyRelocatedInterfaces() throws IOException {
        assertThat(lines(DATA_SOURCE_REGISTER)).containsExactly(PROVIDER, KAFKA_PROVIDER);
        List<String> problems = new ArrayList<>();
        for (String name : entries.keySet()) {
            if (!name.startsWith("META-INF/services/") || name.equals(DATA_SOURCE_REGISTER)) {
                continue;
            }
            String service = name.substring("META-INF/services/".length());
            if (!service.startsWith("io.eventhubsnative.shaded.")) {
                problems.add(name + ": interface outside io.eventhubsnative.shaded");
            }
            for (String implementation : lines(name)) {
                if (!entries.containsKey(implementation.replace('.', '/') + ".class")) {
                    problems.add(name + ": names " + implementation + ", which the jar does not hold");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void nettyNativeLibrariesCarryTheRelocatedPrefix() {
        // netty's NativeLibraryLoader mangles the package in front of io.netty ("io.eventhubsnative.shaded.") into
        // "io_eventhubsnative_shaded_" and loads META-INF/native/lib<that>netty_*.so (no "lib" for .dll).
        List<String> natives = entries.keySet().stream()
                .filter(name -> name.startsWith("META-INF/native/"))
                .collect(Collectors.toList());
        assertThat(natives).allSatisfy(name -> {
            String file = name.substring("META-INF/native/".length());
            assertThat(file.startsWith("lib" + NATIVE_PREFIX + "netty_") || file.startsWith(NATIVE_PREFIX + "netty_"))
                    .as("%s is named for the relocated netty", name)
                    .isTrue();
        });
        boolean nettyBundled = classes().stream().anyMatch(name -> name.startsWith(SHADED + "io/netty/"));
        if (nettyBundled) {
            assertThat(classes()).contains(SHADED + "io/netty/util/internal/NativeLibraryLoader.class");
        }
        System.out.println("Native libraries: " + (natives.isEmpty() ? "none" : natives));
    }

    @Test
    void noClassRefersToABundledLibraryByItsOriginalName() throws IOException {
        Set<String> offenders = new HashSet<>();
        for (String name : classes()) {
            for (String constant : utf8Constants(name)) {
                for (String bundled : BUNDLED) {
                    if (refersUnrelocated(constant, bundled, '/')
                            || refersUnrelocated(constant, bundled.replace('/', '.'), '.')) {
                        offenders.add(name + " -> " + constant);
                    }
                }
            }
        }
        List<String> sorted = new ArrayList<>(offenders);
        Collections.sort(sorted);
        assertThat(sorted)
                .as("references that would resolve to the runtime's copy of a library")
                .isEmpty();
    }

    /**
     * A slash-form name anywhere in a constant (descriptors, class names), or a dot-form name that starts the constant
     * (Class.forName strings), that is not preceded by the shaded prefix.
     */
    private static boolean refersUnrelocated(String constant, String bundled, char separator) {
        String prefix = separator == '/' ? SHADED : SHADED.replace('/', '.');
        int from = 0;
        while (true) {
            int at = constant.indexOf(bundled, from);
            if (at < 0) {
                return false;
            }
            boolean boundary = at == 0 || (separator == '/' && "L[(;)<".indexOf(constant.charAt(at - 1)) >= 0);
            if (boundary && !constant.substring(0, at).endsWith(prefix)) {
                return true;
            }
            if (separator == '.') {
                return false;
            }
            from = at + 1;
        }
    }

    private int majorVersion(String name) throws IOException {
        try (DataInputStream in = new DataInputStream(zip.getInputStream(entries.get(name)))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new AssertionError(name + " is not a class file");
            }
            in.readUnsignedShort();
            return in.readUnsignedShort();
        }
    }

    /** The CONSTANT_Utf8 entries of a class file's constant pool. */
    private List<String> utf8Constants(String name) throws IOException {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(entries.get(name))) {
            bytes = in.readAllBytes();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<String> utf8 = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1:
                    utf8.add(in.readUTF());
                    break;
                case 7:
                case 8:
                case 16:
                case 19:
                case 20:
                    in.skipBytes(2);
                    break;
                case 15:
                    in.skipBytes(3);
                    break;
                case 3:
                case 4:
                case 9:
                case 10:
                case 11:
                case 12:
                case 17:
                case 18:
                    in.skipBytes(4);
                    break;
                case 5:
                case 6:
                    in.skipBytes(8);
                    i++;
                    break;
                default:
                    throw new AssertionError(name + ": unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        return utf8;
    }

    private List<String> lines(String entry) throws IOException {
        try (InputStream in = zip.getInputStream(entries.get(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(line -> line.replaceAll("#.*", "").trim())
                    .filter(line -> !line.isEmpty())
                    .collect(Collectors.toList());
        }
    }
}
