package dev.nsh.table;

import groovy.json.JsonOutput;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A list of kernel records that prints as a person expects (the form of the matching iproute2 or
 * net-tools command) and gives JSON shaped like {@code ip -j} through {@link #json()}. Iterable,
 * not a List, on purpose: Groovy prints a List as "[a, b]"; a table prints as the command would.
 */
public abstract class Table<T> implements Iterable<T> {
    protected final List<T> rows;

    protected Table(List<T> rows) {
        this.rows = List.copyOf(rows);
    }

    public T get(int i) {
        return rows.get(i);
    }

    /** Groovy's {@code table[0]}. */
    public T getAt(int i) {
        return rows.get(i < 0 ? rows.size() + i : i);
    }

    public int size() {
        return rows.size();
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public List<T> asList() {
        return rows;
    }

    public Stream<T> stream() {
        return rows.stream();
    }

    @Override
    public Iterator<T> iterator() {
        return rows.iterator();
    }

    /** The rows as maps, keyed as {@code ip -j} keys them. */
    public abstract List<Map<String, Object>> toMaps();

    /** JSON as {@code ip -j} prints it (Groovy: {@code ns.links().json}). */
    public String json() {
        return JsonOutput.toJson(toMaps());
    }

    @Override
    public abstract String toString();
}
