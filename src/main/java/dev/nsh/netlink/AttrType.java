package dev.nsh.netlink;

/**
 * One attribute of a netlink attribute set, declared as data: its kernel number, its codec, and
 * for nested attributes the set its children belong to. Implemented by one enum per set.
 */
public interface AttrType {
    int id();

    Codec codec();

    String name();

    /** The attribute set of a NESTED attribute's children, or null. */
    default Class<? extends AttrType> children() {
        return null;
    }

    /**
     * The set of this attribute's children given its siblings, for payloads whose schema depends on
     * another attribute (IFLA_INFO_DATA on IFLA_INFO_KIND); null means opaque bytes.
     */
    default Class<? extends AttrType> children(Attrs siblings) {
        return children();
    }

    /**
     * Whether a NESTED attribute carries NLA_F_NESTED in its type, as nfnetlink's attribute sets
     * are sent (rtnetlink's are sent without it, as iproute2 sends them).
     */
    default boolean nestedFlag() {
        return false;
    }

    /** The fixed header that a NESTED payload starts with (the veth peer's ifinfomsg), or null. */
    default Class<? extends Field> childHeader() {
        return null;
    }
}
