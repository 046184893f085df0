package io.superlance.protocol;

/** A supervised process, named by its group and its own name. */
public record ProcessId(String group, String name) {

    /** supervisorctl's name for it: {@code name} when group and name are equal, else {@code group:name}. */
    public String namespec() {
        return group.equals(name) ? name : group + ":" + name;
    }

    /** Always {@code group:name}, as superlance's batch lines print it. */
    public String qualified() {
        return group + ":" + name;
    }

    /** The process {@link #qualified()} names (supervisord allows no colon in a group's name). */
    public static ProcessId ofQualified(String groupColonName) {
        int colon = groupColonName.indexOf(':');
        return new ProcessId(groupColonName.substring(0, colon), groupColonName.substring(colon + 1));
    }

    @Override
    public String toString() {
        return namespec();
    }
}
