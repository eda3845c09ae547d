namespace DiffGen.Runtime.Tests.Functional;

/// <summary>Summary of a functional model: Keras 3's table with the "Connected to" column.</summary>
public sealed class FunctionalSummaryTests
{
    [Fact]
    public void Summary_lists_every_layer_with_what_it_is_connected_to()
    {
        var net = new TwoTowerModel("sum");

        var table = net.Model.Summary(_ => { });

        const string expected = """
            Model: "sum_model"
            ┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┓
            ┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃ Connected to           ┃
            ┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━┩
            │ sum_a (InputLayer)              │ (None, 3)              │             0 │ -                      │
            ├─────────────────────────────────┼────────────────────────┼───────────────┼────────────────────────┤
            │ sum_b (InputLayer)              │ (None, 3)              │             0 │ -                      │
            ├─────────────────────────────────┼────────────────────────┼───────────────┼────────────────────────┤
            │ sum_shared (Dense)              │ (None, 4)              │            16 │ sum_a[0][0],           │
            │                                 │                        │               │ sum_b[0][0]            │
            ├─────────────────────────────────┼────────────────────────┼───────────────┼────────────────────────┤
            │ sum_concat (Concatenate)        │ (None, 8)              │             0 │ sum_shared[0][0],      │
            │                                 │                        │               │ sum_shared[1][0]       │
            ├─────────────────────────────────┼────────────────────────┼───────────────┼────────────────────────┤
            │ sum_wide (Dense)                │ (None, 2)              │            18 │ sum_concat[0][0]       │
            ├─────────────────────────────────┼────────────────────────┼───────────────┼────────────────────────┤
            │ sum_add (Add)                   │ (None, 4)              │             0 │ sum_shared[0][0],      │
            │                                 │                        │               │ sum_shared[1][0]       │
            ├─────────────────────────────────┼────────────────────────┼───────────────┼────────────────────────┤
            │ sum_narrow (Dense)              │ (None, 1)              │             5 │ sum_add[0][0]          │
            └─────────────────────────────────┴────────────────────────┴───────────────┴────────────────────────┘
             Total params: 39 (156.00 B)
             Trainable params: 39 (156.00 B)
             Non-trainable params: 0 (0.00 B)

            """;
        Assert.Equal(expected.ReplaceLineEndings(), table.ReplaceLineEndings());
    }

    [Fact]
    public void A_sequential_summary_is_unchanged()
    {
        var table = new Sequential(new Input(2), new Dense(3, name: "plain")).Summary(_ => { });
        Assert.DoesNotContain("Connected to", table);
    }
}
