package io.finegrid.jmh.pair;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads FineGrid's classes ({@code io.finegrid.*}) from one build's class directories or jars
 * before asking its parent, so that two builds run side by side in one JVM; everything else
 * (Flink, Jackson, the JDK) and {@link SharedKey} come from the parent, shared.
 */
final class BuildLoader extends URLClassLoader {
    BuildLoader(String name, URL[] build, ClassLoader parent) {
        super(name, build, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith("io.finegrid.") || name.equals(SharedKey.class.getName())) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                try {
                    c = findClass(name);
                } catch (ClassNotFoundException notInBuild) {
                    c = super.loadClass(name, false);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }
}
