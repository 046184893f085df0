package io.superlance.proc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every process's parent and resident set size, as read at one moment. */
public final class ProcessTree {
    /** One process: its parent's pid and its RSS in bytes. */
    public record Entry(int pid, int ppid, long rssBytes) {
    }

    private final Map<Integer, Entry> entries;
    private Map<Integer, List<Integer>> children;

    public ProcessTree(Map<Integer, Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    public static ProcessTree of(List<Entry> entries) {
        Map<Integer, Entry> m = new HashMap<>();
        entries.forEach(e -> m.put(e.pid(), e));
        return new ProcessTree(m);
    }

    public int size() {
        return entries.size();
    }

    public boolean contains(int pid) {
        return entries.containsKey(pid);
    }

    /** @return the RSS of {@code pid} in bytes, or -1 when there is no such process */
    public long rss(int pid) {
        Entry e = entries.get(pid);
        return e == null ? -1 : e.rssBytes();
    }

    /** @return the RSS of {@code pid} and all its descendants in bytes, or -1 when there is no such process */
    public long treeRss(int pid) {
        if (!entries.containsKey(pid)) {
            return -1;
        }
        Map<Integer, List<Integer>> kids = children();
        long sum = 0;
        Deque<Integer> todo = new ArrayDeque<>();
        todo.push(pid);
        int guard = entries.size(); // a pid cycle cannot happen, but a torn read must not loop forever
        while (!todo.isEmpty() && guard-- >= 0) {
            int p = todo.pop();
            sum += entries.get(p).rssBytes();
            for (int child : kids.getOrDefault(p, List.of())) {
                if (child != p) {
                    todo.push(child);
                }
            }
        }
        return sum;
    }

    private synchronized Map<Integer, List<Integer>> children() {
        if (children == null) {
            Map<Integer, List<Integer>> m = new HashMap<>();
            for (Entry e : entries.values()) {
                m.computeIfAbsent(e.ppid(), k -> new ArrayList<>()).add(e.pid());
            }
            children = m;
        }
        return children;
    }
}
