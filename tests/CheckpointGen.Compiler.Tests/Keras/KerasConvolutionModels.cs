using CheckpointGen.Compiler.Tests.Infrastructure;
using CheckpointGen.Tests.Keras;

namespace CheckpointGen.Compiler.Tests.Keras;

/// <summary>
/// Synthetic Keras models of the convolutional layers beyond Conv2D, for <see cref="KerasLayerTests"/>.
/// Some go by the graph route only, where tfjs-layers is not Keras: it has no causal Conv1D, its UpSampling2D resizes bilinearly without half-pixel centres and its Resizing
/// aligns corners (Keras 2 uses tf.image.resize, half-pixel centres, for both). Neither tfjs-layers
/// nor TensorFlow.js has Conv2D groups: "grouped-conv" is compared with "grouped-conv-definition",
/// the same weights through TensorFlow's definition of a grouped convolution, by the graph route.
/// </summary>
internal static class KerasConvolutionModels
{
    /// <summary>Models checked by both oracle routes.</summary>
    public static readonly string[] BothRoutes = ["conv1d-pooling", "separable-global-max", "conv-transpose", "upsampling-nearest-padding-cropping"];

    /// <summary>Models checked by the graph route only (see the class remarks).</summary>
    public static readonly string[] GraphRouteOnly = ["conv1d-causal", "upsampling-bilinear-resizing"];

    public static KerasModelBuilder? Build(string name)
    {
        KerasModelBuilder m;
        switch (name)
        {
            case "conv1d-pooling":
                m = new KerasModelBuilder("sequence", [13, 3], seed: 11);
                m.Conv1D(4, 3, padding: "same", activation: "relu");
                m.MaxPooling1D(2);
                m.Conv1D(5, 2, stride: 2, padding: "valid", dilation: 1, activation: "tanh");
                var steps = m.AveragePooling1D(2, stride: 1, padding: "same");
                var mean = m.GlobalAveragePooling1D(from: steps);
                var max = m.GlobalMaxPooling1D(from: steps);
                m.Concatenate(mean, max);
                m.Dense(2);
                return m;
            case "conv1d-causal":
                m = new KerasModelBuilder("sequence", [9, 2], seed: 12);
                m.Conv1D(3, 3, padding: "causal", dilation: 2, activation: "relu");
                m.Conv1D(4, 2, padding: "causal");
                m.Conv1D(2, 3, padding: "valid", dilation: 2);
                m.MaxPooling1D(2, padding: "same");
                return m;
            case "separable-global-max":
                m = new KerasModelBuilder("image", [8, 7, 4], seed: 13);
                m.SeparableConv2D(6, 3, multiplier: 2, padding: "same", activation: "relu");
                m.SeparableConv2D(5, 2, stride: 2, padding: "valid");
                m.GlobalMaxPooling2D();
                m.Dense(3);
                return m;
            case "grouped-conv":
            case "grouped-conv-definition":
                var definition = name.EndsWith("definition", StringComparison.Ordinal);
                m = new KerasModelBuilder("image", [6, 5, 4], seed: 14);
                m.GroupedConv2D(6, 3, groups: 2, padding: "same", definition: definition);
                m.GroupedConv2D(4, 2, groups: 2, padding: "valid", definition: definition);
                m.GroupedConv2D(8, 1, groups: 4, definition: definition);
                return m;
            case "conv-transpose":
                m = new KerasModelBuilder("image", [4, 3, 3], seed: 15);
                m.Conv2DTranspose(4, 3, stride: 2, padding: "same", activation: "relu");
                m.Conv2DTranspose(2, 3, stride: 2, padding: "valid");
                m.Conv2DTranspose(3, 2, padding: "valid", activation: "tanh");
                m.Conv2DTranspose(2, 3, padding: "same");
                return m;
            case "upsampling-nearest-padding-cropping":
                m = new KerasModelBuilder("image", [4, 5, 2], seed: 16);
                m.UpSampling2D(2, 3);
                m.ZeroPadding2D(1, 2, 0, 1);
                m.Cropping2D(2, 1, 1, 3);
                m.Conv2D(3, 3);
                m.Cropping2D(1, 0, 0, 2);
                return m;
            case "upsampling-bilinear-resizing":
                m = new KerasModelBuilder("image", [4, 5, 2], seed: 17);
                m.UpSampling2D(2, 3, "bilinear");
                m.Resizing(5, 7);
                m.Resizing(9, 4, "nearest");
                m.UpSampling2D(3, 2);
                return m;
            default:
                return null;
        }
    }
}
