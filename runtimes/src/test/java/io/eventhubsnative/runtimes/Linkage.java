package io.eventhubsnative.runtimes;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Every reference from the connector's own classes to a class, method or field of Spark, Scala or Hadoop, resolved
 * against one runtime's jars as the JVM would link it (class, then superclasses, then interfaces). A reference that
 * does not resolve is a {@code NoClassDefFoundError} or {@code NoSuchMethodError} waiting on that runtime, on any
 * code path, not only the ones a test runs.
 */
final class Linkage {

    private static final String OURS = "io/eventhubsnative/spark/";
    private static final String[] PROVIDED = {"org/apache/spark/", "scala/", "org/apache/hadoop/"};
    private static final String REAL_TIME_INTERFACE =
            "org.apache.spark.sql.connector.read.streaming.SupportsRealTimeMode";

    private Linkage() {}

    /** The references of {@code connectorJar}'s own classes that {@code runtimeJars} cannot satisfy. */
    static List<String> unresolved(Path connectorJar, Path runtimeJars) throws IOException {
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(runtimeJars)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).collect(Collectors.toList())) {
                urls.add(jar.toUri().toURL());
            }
        }
        TreeSet<String> problems = new TreeSet<>();
        try (URLClassLoader runtime =
                        new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
                ZipFile zip = new ZipFile(connectorJar.toFile())) {
            boolean realTime = hasRealTimeMode(runtime);
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.getName().startsWith(OURS) || !entry.getName().endsWith(".class")) {
                    continue;
                }
                if (!realTime && isRealTimeClass(entry.getName())) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    for (Reference reference : references(in.readAllBytes())) {
                        if (provided(reference.owner)) {
                            String problem = resolve(reference, runtime);
                            if (problem != null) {
                                problems.add(entry.getName().replace(".class", "") + " -> " + problem);
                            }
                        }
                    }
                }
            }
        }
        return new ArrayList<>(problems);
    }

    /**
     * The real-time classes ({@code RealTime*}, compiled against Spark 4.1) are loaded only where Spark has real-time
     * mode (the connector's {@code RealTimeSupport} and {@code RealTimeTrigger} check first): on an older Spark their
     * references are expected not to link, and are not counted.
     */
    private static boolean hasRealTimeMode(ClassLoader runtime) {
        try {
            Class.forName(REAL_TIME_INTERFACE, false, runtime);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static boolean isRealTimeClass(String entry) {
        String simpleName = entry.substring(entry.lastIndexOf('/') + 1);
        return simpleName.startsWith("RealTime") && !simpleName.equals("RealTimeSupport.class");
    }

    private static boolean provided(String owner) {
        for (String prefix : PROVIDED) {
            if (owner.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static String resolve(Reference reference, ClassLoader loader) {
        Class<?> owner;
        try {
            owner = Class.forName(reference.owner.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return "class " + reference.owner + " is missing (" + e + ")";
        }
        try {
            if (reference.kind == 'C' || reference.found(owner)) {
                return null;
            }
        } catch (LinkageError e) {
            return reference + " cannot be linked (" + e + ")";
        }
        return reference + " is missing";
    }

    /** The class, method and field references of a class file's constant pool. */
    private static List<Reference> references(byte[] classFile) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        int[][] refs = new int[count][];
        int[] tags = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            tags[i] = tag;
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> refs[i] = new int[] {in.readUnsignedShort()};
                case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                default -> throw new IOException("Unknown constant pool tag " + tag + " at " + i);
            }
        }
        List<Reference> references = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            if (tags[i] == 7) {
                String name = (String) pool[refs[i][0]];
                if (!name.startsWith("[")) {
                    references.add(new Reference('C', name, null, null));
                }
            } else if (tags[i] == 9 || tags[i] == 10 || tags[i] == 11) {
                String owner = (String) pool[refs[refs[i][0]][0]];
                int[] nameAndType = refs[refs[i][1]];
                if (!owner.startsWith("[")) {
                    references.add(
                            new Reference(tags[i] == 9 ? 'F' : 'M', owner, (String) pool[nameAndType[0]], (String)
                                    pool[nameAndType[1]]));
                }
            }
        }
        return references;
    }

    /** A class ('C'), field ('F') or method ('M') reference: owner, name and descriptor as in the class file. */
    private static final class Reference {
        final char kind;
        final String owner;
        final String name;
        final String descriptor;

        Reference(char kind, String owner, String name, String descriptor) {
            this.kind = kind;
            this.owner = owner;
            this.name = name;
            this.descriptor = descriptor;
        }

        /** JVM resolution: the class, its superclasses, then all superinterfaces. */
        boolean found(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                if (declares(c)) {
                    return true;
                }
            }
            return inInterfaces(type) || (type.isInterface() && declares(Object.class));
        }

        private boolean inInterfaces(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    if (declares(i) || inInterfaces(i)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean declares(Class<?> c) {
            if (kind == 'F') {
                for (Field field : c.getDeclaredFields()) {
                    if (field.getName().equals(name)
                            && descriptor(field.getType()).equals(descriptor)) {
                        return true;
                    }
                }
                return false;
            }
            if (name.equals("<init>")) {
                for (Constructor<?> constructor : c.getDeclaredConstructors()) {
                    if (descriptor.equals(descriptor(constructor.getParameterTypes(), void.class))) {
                        return true;
                    }
                }
                return false;
            }
            for (Method method : c.getDeclaredMethods()) {
                if (method.getName().equals(name)
                        && descriptor.equals(descriptor(method.getParameterTypes(), method.getReturnType()))) {
                    return true;
                }
            }
            return false;
        }

        private static String descriptor(Class<?>[] parameters, Class<?> result) {
            StringBuilder text = new StringBuilder("(");
            for (Class<?> parameter : parameters) {
                text.append(descriptor(parameter));
            }
            return text.append(')').append(descriptor(result)).toString();
        }

        private static String descriptor(Class<?> type) {
            if (type.isArray()) {
                return type.getName().replace('.', '/');
            }
            if (type.isPrimitive()) {
                return switch (type.getName()) {
                    case "void" -> "V";
                    case "boolean" -> "Z";
                    case "byte" -> "B";
                    case "char" -> "C";
                    case "short" -> "S";
                    case "int" -> "I";
                    case "long" -> "J";
                    case "float" -> "F";
                    default -> "D";
                };
            }
            return "L" + type.getName().replace('.', '/') + ";";
        }

        @Override
        public String toString() {
            return (kind == 'F' ? "field " : "method ") + owner + "." + name + descriptor;
        }
    }
}
