package dev.startle.sasl.internal;

/** The {@code saslname} encoding of RFC 5802 section 5.1 (also used by GS2 headers, RFC 5801 and RFC 7628). */
final class SaslNames {
    private SaslNames() {}

    /** Escapes {@code ,} as {@code =2C} and {@code =} as {@code =3D}; other characters are kept. */
    static String escape(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ',') {
                out.append("=2C");
            } else if (c == '=') {
                out.append("=3D");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * The GS2 header of RFC 5801: {@code flag "," ["a=" saslname] ","}.
     *
     * @param flag {@code n}, {@code y} or {@code p=<cb-name>}
     * @param authorizationId the identity to act as, or {@code null}
     */
    static String gs2Header(String flag, String authorizationId) {
        return flag + "," + (authorizationId == null ? "" : "a=" + escape(authorizationId)) + ",";
    }
}
