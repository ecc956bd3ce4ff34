package dev.startle.samples.probe;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** The {@code --json} report: one object, the same facts as {@link TextReport}. */
final class JsonReport {
    private JsonReport() {}

    static String render(ProbeReport r, Instant now) {
        JsonWriter j = new JsonWriter().beginObject();
        j.name("target").value(r.target.toString());
        j.name("scheme").value(r.target.scheme().id());
        j.name("host").value(r.target.host());
        j.name("port").value(r.target.port());
        j.name("tlsMode").value(r.target.scheme().implicitTls() ? "implicit" : "starttls");
        j.name("ok").value(r.ok());
        j.name("exitCode").value(r.exitCode);
        j.name("error").value(r.failure);
        j.name("connected").value(r.remote != null);
        j.name("remoteAddress").value(r.remote);
        j.name("greeting").value(r.greeting);
        j.name("startTls");
        if (r.target.scheme().implicitTls()) {
            j.nullValue();
        } else {
            j.beginObject();
            j.name("offered").value(r.offer == null ? null : r.offer.name().toLowerCase(Locale.ROOT));
            j.name("goAhead").value(r.goAhead);
            j.endObject();
        }
        j.name("tls");
        if (r.tlsProtocol == null) {
            j.nullValue();
        } else {
            j.beginObject();
            j.name("protocol").value(r.tlsProtocol);
            j.name("cipherSuite").value(r.cipherSuite);
            j.name("provider").value(r.provider);
            j.name("serverName").value(r.serverName);
            j.name("handshakeMillis").value(r.handshake.toMillis());
            j.name("sessionResumed").value(r.resumed);
            j.endObject();
        }
        j.name("verification").beginObject();
        j.name("status").value(r.verification.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        j.name("detail").value(r.verificationDetail);
        j.name("trust").value(r.trustSource);
        j.name("ignored").value(r.insecure && r.verification == ProbeReport.Verification.FAILED);
        j.endObject();
        j.name("certificates").beginArray();
        for (CertificateSummary c : r.chain) {
            j.beginObject();
            j.name("subject").value(c.subject());
            j.name("issuer").value(c.issuer());
            j.name("notBefore").value(c.notBefore().toString());
            j.name("notAfter").value(c.notAfter().toString());
            j.name("validity").value(c.validity(now));
            j.name("subjectAltNames").strings(c.subjectAltNames());
            j.name("key").value(c.key());
            j.name("signatureAlgorithm").value(c.signatureAlgorithm());
            j.name("sha256").value(c.sha256());
            j.endObject();
        }
        j.endArray();
        j.name("capabilities").beginObject();
        Capabilities shown = r.after != null ? r.after : r.before;
        j.name("command").value(shown == null ? null : shown.command());
        j.name("beforeTls");
        list(j, r.before);
        j.name("afterTls");
        list(j, r.after);
        if (r.before != null && r.after != null) {
            j.name("onlyBeforeTls").strings(r.before.notIn(r.after));
            j.name("onlyAfterTls").strings(r.after.notIn(r.before));
        }
        j.endObject();
        j.name("timingsMillis").beginObject();
        for (Map.Entry<String, Duration> t : r.timings.entrySet()) {
            j.name(t.getKey()).value(t.getValue().toMillis());
        }
        j.name("total").value(r.total().toMillis());
        j.endObject();
        j.name("notes").strings(r.notes);
        return j.endObject().toString();
    }

    private static void list(JsonWriter j, Capabilities caps) {
        if (caps == null || !caps.listed()) {
            j.nullValue();
        } else {
            j.strings(caps.items());
        }
    }
}
