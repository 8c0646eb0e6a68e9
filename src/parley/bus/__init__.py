"""The bus between pipeline stages: in-process (memory://) or NATS JetStream (nats://)."""
