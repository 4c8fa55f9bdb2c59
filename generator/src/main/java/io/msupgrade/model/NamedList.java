package io.msupgrade.model;

import java.util.AbstractList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.function.Function;

/**
 * An immutable list (as {@link List#copyOf}: no nulls, no changes) that also finds an element by
 * name in constant time. Records holding hosts use it so that looking a host up by name, which
 * rules, planner and renderers do once per host, stays linear in the model's size overall instead
 * of scanning every host for every host (bench/README.md: 10,000 hosts).
 *
 * <p>Equal to, and hashing like, any list with the same elements; prints like one. With duplicate
 * names (an invalid model) {@link #named} finds the first, as a scan would.
 */
public final class NamedList<T> extends AbstractList<T> implements RandomAccess {

    private final List<T> elements;
    private final Map<String, T> byName;

    private NamedList(List<T> elements, Function<? super T, String> name) {
        this.elements = elements;
        this.byName = new HashMap<>(Math.max(16, elements.size() * 4 / 3 + 1));
        for (T e : elements) {
            byName.putIfAbsent(name.apply(e), e);
        }
    }

    /** An immutable copy of {@code elements}, indexed by {@code name}; throws on a null element. */
    public static <T> NamedList<T> copyOf(List<? extends T> elements, Function<? super T, String> name) {
        if (elements instanceof NamedList<?>) {
            @SuppressWarnings("unchecked")
            NamedList<T> same = (NamedList<T>) elements;
            return same; // immutable already; the name function of a record's list never differs
        }
        return new NamedList<>(List.copyOf(elements), name);
    }

    /** The first element with this name. */
    public Optional<T> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public T get(int index) {
        return elements.get(index);
    }

    @Override
    public int size() {
        return elements.size();
    }
}
