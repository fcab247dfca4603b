package io.incidentresponse.bench;

import java.time.Instant;

/**
 * The answers {@link DiagnosisStub} gives, shaped as the real systems' (Kubernetes API objects as
 * {@code kubectl get -o json} shows them, Prometheus' {@code /api/v1/query} envelope,
 * Elasticsearch's {@code _search} response): a service whose newest rollout 20 minutes ago left one
 * of three pods crash-looping, with error logs and a raised error ratio.
 */
final class DiagnosisBodies {
  private DiagnosisBodies() {}

  static String deployment(String namespace, String name, Instant now) {
    return """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%1$s","namespace":"%2$s",
        "uid":"5b0f7c2e-0d7a-4a37-9c41-2f0c1d9e8a11","resourceVersion":"884213","generation":7,
        "creationTimestamp":"%3$s","annotations":{"deployment.kubernetes.io/revision":"7"},
        "labels":{"app":"%1$s"}},
        "spec":{"replicas":3,"selector":{"matchLabels":{"app":"%1$s"}},
        "template":{"metadata":{"labels":{"app":"%1$s"}},"spec":{"containers":[{"name":"%1$s",
        "image":"registry.example.com/%1$s:1.42.0","ports":[{"containerPort":8080}]}]}},
        "strategy":{"type":"RollingUpdate"}},
        "status":{"observedGeneration":7,"replicas":3,"updatedReplicas":3,"readyReplicas":2,
        "availableReplicas":2,"unavailableReplicas":1,"conditions":[{"type":"Available",
        "status":"True","reason":"MinimumReplicasAvailable","lastTransitionTime":"%3$s"}]}}
        """
        .formatted(name, namespace, now.minusSeconds(86_400 * 30));
  }

  static String pods(String namespace, String app, String node, Instant now) {
    return """
        {"apiVersion":"v1","kind":"PodList","metadata":{"resourceVersion":"884250"},"items":[%s,%s,%s]}
        """
        .formatted(
            pod(namespace, app, "x7k2p", node, now, false),
            pod(namespace, app, "q9m4d", node, now, false),
            pod(namespace, app, "c3v8n", node, now, true));
  }

  private static String pod(
      String namespace, String app, String suffix, String node, Instant now, boolean crashing) {
    String state =
        crashing
            ? "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off 5m0s"
                + " restarting failed container\"}},\"lastState\":{\"terminated\":{\"exitCode\":1,"
                + "\"reason\":\"Error\",\"startedAt\":\""
                + now.minusSeconds(400)
                + "\",\"finishedAt\":\""
                + now.minusSeconds(380)
                + "\"}},\"ready\":false,\"restartCount\":7"
            : "\"state\":{\"running\":{\"startedAt\":\""
                + now.minusSeconds(1200)
                + "\"}},\"ready\":true,\"restartCount\":0";
    return """
        {"metadata":{"name":"%1$s-7d9f8b6c5-%2$s","namespace":"%3$s","labels":{"app":"%1$s",
        "pod-template-hash":"7d9f8b6c5"},"ownerReferences":[{"apiVersion":"apps/v1",
        "kind":"ReplicaSet","name":"%1$s-7d9f8b6c5","uid":"0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5",
        "controller":true}],"creationTimestamp":"%4$s"},
        "spec":{"nodeName":"%5$s","containers":[{"name":"%1$s",
        "image":"registry.example.com/%1$s:1.42.0"}]},
        "status":{"phase":"Running","conditions":[{"type":"Ready","status":"%6$s"}],
        "containerStatuses":[{"name":"%1$s","image":"registry.example.com/%1$s:1.42.0",%7$s}]}}
        """
        .formatted(
            app,
            suffix,
            namespace,
            now.minusSeconds(1200),
            node,
            crashing ? "False" : "True",
            state);
  }

  static String podLog(Instant now) {
    return String.join(
            "\n",
            now.minusSeconds(390) + " INFO  starting checkout on :8080",
            now.minusSeconds(385)
                + " ERROR PaymentsClient - call failed: java.net.SocketTimeoutException: timeout"
                + " after 2000 ms (order 5f2c9a)",
            now.minusSeconds(382)
                + " ERROR PaymentsClient - call failed: java.net.SocketTimeoutException: timeout"
                + " after 2000 ms (order 77ab01)",
            now.minusSeconds(380) + " FATAL main - giving up after 3 failed health checks")
        + "\n";
  }

  static String events(String namespace, Instant now) {
    return """
        {"apiVersion":"v1","kind":"EventList","metadata":{"resourceVersion":"884260"},"items":[
        {"metadata":{"name":"ev1","namespace":"%1$s"},"type":"Warning","reason":"BackOff",
        "message":"Back-off restarting failed container","count":12,
        "involvedObject":{"kind":"Pod","namespace":"%1$s","name":"POD"},
        "firstTimestamp":"%2$s","lastTimestamp":"%3$s"},
        {"metadata":{"name":"ev2","namespace":"%1$s"},"type":"Normal","reason":"ScalingReplicaSet",
        "message":"Scaled up replica set to 3","count":1,
        "involvedObject":{"kind":"Deployment","namespace":"%1$s","name":"DEPLOYMENT"},
        "firstTimestamp":"%4$s","lastTimestamp":"%4$s"}]}
        """
        .formatted(namespace, now.minusSeconds(900), now.minusSeconds(60), now.minusSeconds(1200));
  }

  static String replicaSets(String namespace, String app, Instant now) {
    return """
        {"apiVersion":"apps/v1","kind":"ReplicaSetList","metadata":{"resourceVersion":"884270"},
        "items":[%s,%s]}
        """
        .formatted(
            replicaSet(namespace, app, "7d9f8b6c5", "7", "1.42.0", 3, now.minusSeconds(1200)),
            replicaSet(namespace, app, "5c8d7a9b4", "6", "1.41.3", 0, now.minusSeconds(86_400)));
  }

  private static String replicaSet(
      String namespace,
      String app,
      String hash,
      String revision,
      String version,
      int replicas,
      Instant created) {
    return """
        {"metadata":{"name":"%1$s-%2$s","namespace":"%3$s","creationTimestamp":"%4$s",
        "labels":{"app":"%1$s","pod-template-hash":"%2$s"},
        "annotations":{"deployment.kubernetes.io/revision":"%5$s",
        "kubernetes.io/change-cause":"deploy %1$s %6$s"},
        "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"%1$s",
        "uid":"5b0f7c2e-0d7a-4a37-9c41-2f0c1d9e8a11","controller":true}]},
        "spec":{"replicas":%7$d,"selector":{"matchLabels":{"app":"%1$s","pod-template-hash":"%2$s"}},
        "template":{"metadata":{"labels":{"app":"%1$s","pod-template-hash":"%2$s"}},
        "spec":{"containers":[{"name":"%1$s","image":"registry.example.com/%1$s:%6$s"}]}}},
        "status":{"replicas":%7$d,"readyReplicas":%7$d}}
        """
        .formatted(app, hash, namespace, created, revision, version, replicas);
  }

  static String node(String name, Instant now) {
    return """
        {"apiVersion":"v1","kind":"Node","metadata":{"name":"%1$s","labels":{
        "kubernetes.io/hostname":"%1$s"}},"spec":{"providerID":"aws:///eu-west-1a/i-0abc123def4567890"},
        "status":{"conditions":[
        {"type":"MemoryPressure","status":"False","reason":"KubeletHasSufficientMemory"},
        {"type":"DiskPressure","status":"False","reason":"KubeletHasNoDiskPressure"},
        {"type":"PIDPressure","status":"False","reason":"KubeletHasSufficientPID"},
        {"type":"Ready","status":"True","reason":"KubeletReady","lastHeartbeatTime":"%2$s"}],
        "allocatable":{"cpu":"1930m","memory":"7548Mi","pods":"29"},
        "capacity":{"cpu":"2","memory":"8012Mi","pods":"29"}}}
        """
        .formatted(name, now.minusSeconds(10));
  }

  static String notFound(String path) {
    return """
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
        "message":"the server could not find the requested resource (get %s)","reason":"NotFound",
        "details":{},"code":404}
        """
        .formatted(path.replace("\"", ""));
  }

  /**
   * An instant vector: {@code up} is 1, other series a small figure; the dependency discovery
   * queries ({@code sum by (...)}) find no series.
   */
  static String vector(Instant now, String query) {
    if (query.startsWith("sum by")) {
      return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
    }
    String value = query.startsWith("avg(up{") ? "1" : "0.042";
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
        + "\"value\":["
        + now.getEpochSecond()
        + ",\""
        + value
        + "\"]}]}}";
  }

  /** The error ratio over the window: low, then raised for the last 15 minutes. */
  static String matrix(Instant now) {
    StringBuilder values = new StringBuilder();
    for (int minute = 60; minute >= 0; minute -= 5) {
      if (values.length() > 0) {
        values.append(',');
      }
      values
          .append('[')
          .append(now.getEpochSecond() - minute * 60L)
          .append(",\"")
          .append(minute > 15 ? "0.002" : "0.042")
          .append("\"]");
    }
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
        + "\"values\":["
        + values
        + "]}]}}";
  }

  static String search(Instant now) {
    return """
        {"took":4,"timed_out":false,"_shards":{"total":3,"successful":3,"skipped":0,"failed":0},
        "hits":{"total":{"value":42,"relation":"eq"},"max_score":null,"hits":[
        {"_index":".ds-logs-app-2026.11.30-000001","_id":"aZ3kQ5IBx","_score":null,
        "_source":{"@timestamp":"%1$s","log":{"level":"error"},
        "message":"PaymentsClient - call failed: java.net.SocketTimeoutException: timeout after 2000 ms"}},
        {"_index":".ds-logs-app-2026.11.30-000001","_id":"bY4lR6JCy","_score":null,
        "_source":{"@timestamp":"%2$s","log":{"level":"error"},
        "message":"CheckoutController - 503 returned to client: payments unavailable"}}]},
        "aggregations":{"top_messages":{"doc_count_error_upper_bound":0,"sum_other_doc_count":3,
        "buckets":[{"key":"PaymentsClient - call failed: java.net.SocketTimeoutException: timeout after 2000 ms","doc_count":31},
        {"key":"CheckoutController - 503 returned to client: payments unavailable","doc_count":8}]}}}
        """
        .formatted(now.minusSeconds(30), now.minusSeconds(45));
  }
}
