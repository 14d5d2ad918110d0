//! Raw gRPC frames: what a broken or hostile client could put on the wire, which the generated
//! stubs cannot send.

use apogee_proto::rocketmq::v2 as pb;
use bytes::{Buf, BufMut, Bytes};
use tonic::Status;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::codegen::http::uri::PathAndQuery;

use crate::TestClient;

/// Sends frames as given; decodes replies as `T`.
#[derive(Debug)]
struct RawCodec<T>(std::marker::PhantomData<T>);

#[derive(Debug)]
struct RawEncoder;

#[derive(Debug)]
struct ProstDecoder<T>(std::marker::PhantomData<T>);

impl<T: prost::Message + Default + Send + 'static> Codec for RawCodec<T> {
    type Encode = Bytes;
    type Decode = T;
    type Encoder = RawEncoder;
    type Decoder = ProstDecoder<T>;

    fn encoder(&mut self) -> Self::Encoder {
        RawEncoder
    }

    fn decoder(&mut self) -> Self::Decoder {
        ProstDecoder(std::marker::PhantomData)
    }
}

impl Encoder for RawEncoder {
    type Item = Bytes;
    type Error = Status;

    fn encode(&mut self, item: Bytes, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put_slice(&item);
        Ok(())
    }
}

impl<T: prost::Message + Default> Decoder for ProstDecoder<T> {
    type Item = T;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<T>, Status> {
        let bytes = src.copy_to_bytes(src.remaining());
        T::decode(bytes)
            .map(Some)
            .map_err(|e| Status::internal(e.to_string()))
    }
}

impl TestClient {
    /// Opens a Telemetry stream that sends `frames` byte for byte, then keeps the stream open
    /// (the server must end it). Returns the server's replies until it does, and how it ended.
    pub async fn telemetry_raw(
        &self,
        frames: Vec<Bytes>,
    ) -> (Vec<pb::TelemetryCommand>, Result<(), Status>) {
        let mut grpc = tonic::client::Grpc::new(self.channel.clone());
        grpc.ready().await.expect("channel ready");
        let path = PathAndQuery::from_static("/apache.rocketmq.v2.MessagingService/Telemetry");
        let outbound = async_stream_of(frames);
        let codec = RawCodec::<pb::TelemetryCommand>(std::marker::PhantomData);
        let mut inbound = match grpc.streaming(self.req(outbound), path, codec).await {
            Ok(r) => r.into_inner(),
            Err(e) => return (Vec::new(), Err(e)),
        };
        let mut replies = Vec::new();
        loop {
            match inbound.message().await {
                Ok(Some(m)) => replies.push(m),
                Ok(None) => return (replies, Ok(())),
                Err(e) => return (replies, Err(e)),
            }
        }
    }
}

/// The frames, then a stream that never ends by itself.
fn async_stream_of(frames: Vec<Bytes>) -> impl tokio_stream::Stream<Item = Bytes> + Send {
    use tokio_stream::StreamExt as _;
    tokio_stream::iter(frames).chain(tokio_stream::pending())
}
