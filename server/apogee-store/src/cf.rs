//! Column families. One enum so that no caller ever spells a column-family name.

/// Every column family of the store (see DESIGN.md, "Storage").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cf {
    /// log offset → stored message.
    CommitLog,
    /// (topic id, queue id, queue offset) → [`crate::CqEntry`].
    ConsumeQueue,
    /// (group id, topic id, queue id) → next offset to hand out.
    Offsets,
    /// (deadline, group id, topic id, queue id, queue offset) → in-flight delivery.
    Invisible,
    /// (topic id, key, store time, log offset) → ().
    KeyIndex,
    /// (message id, log offset) → ().
    MsgIdIndex,
    /// (deliver-at, log offset) → delay or scheduled message.
    Timer,
    /// transaction id → half message.
    Transaction,
    /// (kind, name) → topic / group configuration.
    Metadata,
}

impl Cf {
    pub const ALL: [Cf; 9] = [
        Cf::CommitLog,
        Cf::ConsumeQueue,
        Cf::Offsets,
        Cf::Invisible,
        Cf::KeyIndex,
        Cf::MsgIdIndex,
        Cf::Timer,
        Cf::Transaction,
        Cf::Metadata,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Cf::CommitLog => "commitlog",
            Cf::ConsumeQueue => "consume_queue",
            Cf::Offsets => "offsets",
            Cf::Invisible => "invisible",
            Cf::KeyIndex => "key_index",
            Cf::MsgIdIndex => "msgid_index",
            Cf::Timer => "timer",
            Cf::Transaction => "transaction",
            Cf::Metadata => "metadata",
        }
    }
}
