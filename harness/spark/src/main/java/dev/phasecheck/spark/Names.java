package dev.phasecheck.spark;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Names input files as the user named them: a file Spark reports as {@code file:/home/me/logs/a.jsonl}
 * is {@code logs/a.jsonl} when the command line said {@code logs} (as {@code phasecheck lint} names it).
 * Immutable; shipped to the executors.
 */
final class Names implements Serializable {
    private static final long serialVersionUID = 1L;

    /** An input as given, and its qualified path (URI path, no trailing slash). */
    record Root(String arg, String path) implements Serializable {}

    private final List<Root> roots;
    private final String cwd;

    Names(List<Root> roots, String cwd) {
        this.roots = List.copyOf(roots);
        this.cwd = cwd;
    }

    /** Builds the roots from the arguments and their qualified forms (same order). */
    static Names of(List<String> args, List<String> qualified, String cwdQualified) {
        List<Root> roots = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) roots.add(new Root(args.get(i), trim(pathOf(qualified.get(i)))));
        return new Names(roots, trim(pathOf(cwdQualified)));
    }

    /** The display name of a file Spark read. */
    String display(String fileUri) {
        String f = pathOf(fileUri);
        for (Root r : roots) {
            if (f.equals(r.path())) return r.arg();
            if (f.startsWith(r.path() + "/")) {
                String base = r.arg().endsWith("/") ? r.arg().substring(0, r.arg().length() - 1) : r.arg();
                String rest = f.substring(r.path().length() + 1);
                return base.equals(".") ? rest : base + "/" + rest;
            }
        }
        if (cwd != null && f.startsWith(cwd + "/")) return f.substring(cwd.length() + 1);
        return fileUri;
    }

    static String pathOf(String uri) {
        try {
            URI u = new URI(uri);
            return u.getPath() == null ? uri : u.getPath();
        } catch (URISyntaxException e) {
            return uri;
        }
    }

    private static String trim(String p) {
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
